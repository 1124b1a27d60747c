package io.leadpipe.notifier.sequence;

import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.sequence.FollowupSequence.Decided;
import io.leadpipe.notifier.sequence.FollowupSequence.DeliveryFate;
import io.leadpipe.notifier.sequence.FollowupState.AwaitedPurchase;
import io.leadpipe.notifier.sequence.FollowupState.Delivery;
import io.leadpipe.notifier.sequence.FollowupState.SentFollowup;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.DecisionReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule: a purchase is RECOVERED for the last follow-up DELIVERED (a webhook endpoint answered 2xx)
 * before it and within the attribution window of its send; each follow-up is credited once. While a
 * follow-up sent after that one and before the purchase has no delivery outcome yet, the purchase
 * waits: a DELIVERED outcome credits it, FAILED (at every endpoint) lets the purchase fall back to
 * the delivered one before, and after the configured wait an outcome still unknown counts as not
 * delivered. A purchase credited to nothing records no decision. Without webhook endpoints nothing
 * reports deliveries, and a SENT follow-up counts as delivered when sent; so does one sent before
 * outcomes were tracked.
 *
 * <p>No Kafka: state in, state and RECOVERED decisions out.
 */
final class Attribution {

  /**
   * At most this many sends are kept for attribution, however short the frequency window: the
   * default guardrails allow three a week, so this bounds the state, not the rule.
   */
  static final int MAX_TRACKED_SENDS = 20;

  /**
   * At most this many purchases wait at once; one more settles the oldest with what is known then,
   * so a runaway buyer cannot grow the state.
   */
  static final int MAX_AWAITING = 20;

  private final FollowupPolicy policy;
  private final DeliveryCredit credit;

  Attribution(FollowupPolicy policy, DeliveryCredit credit) {
    this.policy = policy;
    this.credit = credit;
  }

  /** What a purchase gets now. */
  private sealed interface Verdict permits Credit, Wait, Nothing {}

  private record Credit(int index) implements Verdict {}

  private record Wait() implements Verdict {}

  private record Nothing() implements Verdict {}

  /** Keeps a new send; sends no purchase can be attributed to any more are forgotten. */
  List<SentFollowup> onSent(FollowupState s, SentFollowup sent) {
    Instant horizon = sent.sentAt();
    for (AwaitedPurchase a : s.awaiting()) {
      horizon = a.at().isBefore(horizon) ? a.at() : horizon;
    }
    Instant oldest = horizon.minus(policy.config().attributionWindow());
    List<SentFollowup> kept = new ArrayList<>();
    for (SentFollowup f : s.sends()) {
      if (!f.sentAt().isBefore(oldest)) {
        kept.add(f);
      }
    }
    kept.add(sent);
    return List.copyOf(kept.subList(Math.max(0, kept.size() - MAX_TRACKED_SENDS), kept.size()));
  }

  /**
   * A purchase: credited, waiting for a delivery outcome ({@code now} + the wait), or nothing. The
   * same order heard again while it waits (a PURCHASE event and a converted hesitation) waits once.
   */
  FollowupState onPurchase(
      FollowupState s,
      String orderId,
      Double revenue,
      Instant at,
      Instant now,
      List<Decided> decisions) {
    AwaitedPurchase p = new AwaitedPurchase(orderId, revenue, at, now.plus(credit.maxWait()));
    Verdict v = verdict(s.sends(), p, false);
    if (v instanceof Wait) {
      if (orderId != null && s.awaiting().stream().anyMatch(a -> orderId.equals(a.orderId()))) {
        return s;
      }
      List<AwaitedPurchase> awaiting = new ArrayList<>(s.awaiting());
      if (awaiting.size() >= MAX_AWAITING) {
        AwaitedPurchase oldest = awaiting.remove(0);
        s = apply(s, oldest, verdict(s.sends(), oldest, true), decisions);
      }
      awaiting.add(p);
      return s.withAttribution(s.sends(), awaiting);
    }
    return apply(s, p, v, decisions);
  }

  /** A delivery outcome: kept on its send, and the purchases waiting for it settled. */
  FollowupState onDelivery(FollowupState s, DeliveryFate r, List<Decided> decisions) {
    List<SentFollowup> sends = new ArrayList<>(s.sends());
    boolean known = false;
    for (int i = 0; i < sends.size(); i++) {
      SentFollowup f = sends.get(i);
      if (r.triggerId().equals(f.triggerId())) {
        known = true;
        sends.set(
            i, r.delivered() ? f.delivered(r.at()) : f.failedAt(r.endpoint(), credit.endpoints()));
      }
    }
    if (!known) {
      return s; // sent so long ago that no purchase can be credited to it any more
    }
    return settleAwaiting(s.withAttribution(sends, s.awaiting()), null, decisions);
  }

  /**
   * Purchases whose wait is over at {@code now}: an outcome still unknown counts as not delivered.
   */
  FollowupState onWaitOver(FollowupState s, Instant now, List<Decided> decisions) {
    return settleAwaiting(s, now, decisions);
  }

  /** Settles what can be settled in purchase order; those whose wait is over at {@code now}. */
  private FollowupState settleAwaiting(FollowupState s, Instant now, List<Decided> decisions) {
    List<AwaitedPurchase> still = new ArrayList<>();
    for (AwaitedPurchase p : s.awaiting()) {
      boolean over = now != null && !p.until().isAfter(now);
      Verdict v = verdict(s.sends(), p, over);
      if (v instanceof Wait) {
        still.add(p);
      } else {
        s = apply(s, p, v, decisions);
      }
    }
    return s.withAttribution(s.sends(), still);
  }

  private FollowupState apply(
      FollowupState s, AwaitedPurchase p, Verdict v, List<Decided> decisions) {
    if (!(v instanceof Credit c)) {
      return s;
    }
    SentFollowup f = s.sends().get(c.index());
    decisions.add(
        new Decided(
            f.hesitationId() != null ? f.hesitationId() : s.lastHesitationId(),
            f.triggerId(),
            f.step(),
            f.play(),
            f.channel(),
            DecisionOutcome.RECOVERED,
            DecisionReason.ATTRIBUTED,
            null,
            p.at(),
            null,
            f.reason(),
            p.orderId(),
            p.revenue(),
            f.strategy()));
    List<SentFollowup> sends = new ArrayList<>(s.sends());
    sends.set(c.index(), f.credit());
    return s.withAttribution(sends, s.awaiting());
  }

  /**
   * The newest send the purchase may be credited to, looked at newest first: delivered before the
   * purchase → that one (nothing if it was credited already); no outcome yet and the wait not over
   * → wait; failed, delivered after the purchase, or unknown after the wait → the one before.
   */
  private Verdict verdict(List<SentFollowup> sends, AwaitedPurchase p, boolean waitOver) {
    for (int i = sends.size() - 1; i >= 0; i--) {
      SentFollowup f = sends.get(i);
      if (!policy.attributable(f.sentAt(), p.at())) {
        continue;
      }
      Instant deliveredAt =
          credit.reported() && f.delivery() != Delivery.NOT_TRACKED ? f.deliveredAt() : f.sentAt();
      if (deliveredAt != null && !deliveredAt.isAfter(p.at())) {
        return f.credited() ? new Nothing() : new Credit(i);
      }
      if (credit.reported() && f.delivery() == Delivery.UNKNOWN && !waitOver) {
        return new Wait();
      }
    }
    return new Nothing();
  }
}
