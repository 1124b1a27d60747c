package io.leadpipe.dashboard.access;

import io.leadpipe.service.security.SecretDigest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may see the dashboard.
 *
 * <ul>
 *   <li>No token configured (local mode): requests from this machine only (loopback addresses).
 *   <li>Token configured: the session cookie set after {@code ?token=} or the login form, or {@code
 *       Authorization: Bearer <token>} (scripts). Everyone else is sent to the login page.
 * </ul>
 *
 * The cookie holds an HMAC of a fixed label keyed with the token, not the token itself; it is the
 * same on every instance, so sessions survive restarts and load balancing, and rotating the token
 * ends every session. Comparisons run in constant time and the token is never logged.
 */
public final class DashboardAccess {

  public static final String COOKIE = "leadpipe_dashboard";
  private static final String SESSION_LABEL = "leadpipe-dashboard-session-v1";
  private static final String BEARER = "Bearer ";

  /** What to do with a request. */
  public enum Decision {
    ALLOW,
    NEED_LOGIN,
    LOCAL_ONLY
  }

  private final String token;
  private final SecretDigest tokenDigest;
  private final String sessionValue;
  private final SecretDigest sessionDigest;

  public DashboardAccess(String token) {
    this.token = token == null ? "" : token.strip();
    this.tokenDigest = SecretDigest.of(this.token);
    this.sessionValue = this.token.isEmpty() ? "" : hmac(this.token, SESSION_LABEL);
    this.sessionDigest = SecretDigest.of(sessionValue);
  }

  public boolean localMode() {
    return token.isEmpty();
  }

  /**
   * @param remote the client address the connection came from
   * @param sessionCookie the {@value #COOKIE} cookie value, or null
   * @param authorization the Authorization header, or null
   */
  public Decision decide(InetAddress remote, String sessionCookie, String authorization) {
    if (localMode()) {
      return remote != null && remote.isLoopbackAddress() ? Decision.ALLOW : Decision.LOCAL_ONLY;
    }
    if (sessionCookie != null && sessionDigest.sameAs(SecretDigest.of(sessionCookie))) {
      return Decision.ALLOW;
    }
    if (authorization != null
        && authorization.startsWith(BEARER)
        && tokenMatches(authorization.substring(BEARER.length()))) {
      return Decision.ALLOW;
    }
    return Decision.NEED_LOGIN;
  }

  /** Constant time whatever the candidate's length: the digests are compared, not the strings. */
  public boolean tokenMatches(String candidate) {
    return !localMode()
        && candidate != null
        && tokenDigest.sameAs(SecretDigest.of(candidate.strip()));
  }

  /** The cookie value a valid login receives. */
  public String sessionValue() {
    if (localMode()) {
      throw new IllegalStateException("No sessions in local mode: no token is configured");
    }
    return sessionValue;
  }

  private static String hmac(String key, String label) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(label.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
