package io.leadpipe.dashboard.access;

import io.leadpipe.service.security.SecretDigest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dashboard login sessions: the cookie value is {@code <random id>.<expiry>.<signature>}, signed
 * with a key derived from the dashboard token. Every instance with the same token accepts it, so a
 * session survives restarts and load balancing; it ends at its expiry ({@code
 * leadpipe.dashboard.session-ttl}), when the token is rotated, or at logout.
 *
 * <p>Logout revokes the session on the instance that served it: its id is remembered until it would
 * have expired. Behind a load balancer without sticky sessions another instance still accepts it
 * until then (docs/dashboard.md): the reason the default lifetime is a working day, not weeks.
 */
public final class DashboardSessions {

  private static final String PURPOSE = "leadpipe-dashboard-session-v2";
  private static final int ID_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final byte[] key;
  private final Duration ttl;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

  DashboardSessions(SecretDigest token, Duration ttl, Clock clock) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("leadpipe.dashboard.session-ttl must be positive");
    }
    this.key = token.derivedKey(PURPOSE);
    this.ttl = ttl;
    this.clock = clock;
  }

  /** A new session's cookie value, live for {@link #ttl()}. */
  public String open() {
    byte[] id = new byte[ID_BYTES];
    random.nextBytes(id);
    String payload = ENCODER.encodeToString(id) + "." + clock.instant().plus(ttl).getEpochSecond();
    return payload + "." + ENCODER.encodeToString(sign(payload));
  }

  public Duration ttl() {
    return ttl;
  }

  /** Signed with this token's key, not expired and not logged out. */
  public boolean isLive(String value) {
    Session session = parse(value);
    return session != null
        && clock.instant().isBefore(session.expires())
        && !revoked.containsKey(session.id());
  }

  /** Logs a session out; a value that is not a live session is ignored. */
  public void close(String value) {
    Session session = parse(value);
    if (session == null) {
      return;
    }
    Instant now = clock.instant();
    revoked.values().removeIf(expires -> !now.isBefore(expires));
    if (now.isBefore(session.expires())) {
      revoked.put(session.id(), session.expires());
    }
  }

  private record Session(String id, Instant expires) {}

  private Session parse(String value) {
    if (value == null) {
      return null;
    }
    int last = value.lastIndexOf('.');
    int first = value.indexOf('.');
    if (first <= 0 || last <= first) {
      return null;
    }
    String payload = value.substring(0, last);
    byte[] presented;
    try {
      presented = DECODER.decode(value.substring(last + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!MessageDigest.isEqual(sign(payload), presented)) {
      return null;
    }
    try {
      return new Session(
          payload.substring(0, first),
          Instant.ofEpochSecond(Long.parseLong(payload.substring(first + 1))));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private byte[] sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
