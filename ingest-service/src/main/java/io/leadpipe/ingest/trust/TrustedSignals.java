package io.leadpipe.ingest.trust;

import io.leadpipe.ingest.auth.SourceKind;
import io.leadpipe.schemas.web.WebEventType;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What only a server source may send. A browser write key is public (it is in the page), so anyone
 * can post under it: the order events after checkout (completed, updated, refunded, cancelled: they
 * carry revenue or reverse it, which feeds scores, lead types and referral credit) and follower
 * counts (they feed influence) are refused from it. The rest of what a browser sends describes the
 * visitor's own behaviour and is kept.
 */
public final class TrustedSignals {

  /** Machine-readable rejection reason, as reported per event and on the dead letter. */
  public static final String UNTRUSTED_SOURCE = "untrusted-source";

  /**
   * The order events, which carry revenue or take it back: Order Completed, Updated, Refunded and
   * Cancelled. Updated changes nothing in scores today, but it states an order's amounts as the
   * shop's system of record does, so it comes from where the others come from.
   */
  static final Set<WebEventType> SERVER_ONLY_EVENTS =
      EnumSet.of(
          WebEventType.PURCHASE,
          WebEventType.ORDER_UPDATED,
          WebEventType.ORDER_REFUNDED,
          WebEventType.ORDER_CANCELLED);

  private static final String SEND_FROM_SERVER =
      " is accepted from server sources only; this write key belongs to a browser source, so send"
          + " it from the shop's server with a server source's key";

  private TrustedSignals() {}

  /**
   * Why {@code kind} may not send a track event of {@code type} named {@code name}, if it may not.
   */
  public static Optional<String> refusedEvent(SourceKind kind, WebEventType type, String name) {
    if (isServer(kind) || !SERVER_ONLY_EVENTS.contains(type)) {
      return Optional.empty();
    }
    return Optional.of("\"" + name + "\"" + SEND_FROM_SERVER);
  }

  /** Why {@code kind} may not declare a follower count, if it may not. */
  public static Optional<String> refusedFollowerCount(SourceKind kind, Long followerCount) {
    if (isServer(kind) || followerCount == null) {
      return Optional.empty();
    }
    return Optional.of("a follower count" + SEND_FROM_SERVER);
  }

  private static boolean isServer(SourceKind kind) {
    return kind == SourceKind.SERVER;
  }
}
