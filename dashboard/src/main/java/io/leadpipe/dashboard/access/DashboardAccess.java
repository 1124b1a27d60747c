package io.leadpipe.dashboard.access;

import io.leadpipe.service.security.RunMode;
import io.leadpipe.service.security.SecretDigest;
import io.leadpipe.service.security.SecretSetting;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Who may see the dashboard.
 *
 * <ul>
 *   <li>No token configured (only allowed in local mode): requests from this machine only (loopback
 *       addresses).
 *   <li>Token configured: a live session (cookie set after {@code ?token=} or the login form, see
 *       {@link DashboardSessions}) or {@code Authorization: Bearer <token>} (scripts). Everyone
 *       else is sent to the login page.
 * </ul>
 *
 * Outside local mode the token is required (start-up fails naming {@code LEADPIPE_DASHBOARD_TOKEN})
 * and may be given as its {@code sha256:} digest. Comparisons run in constant time and the token is
 * never logged.
 */
public final class DashboardAccess {

  public static final String COOKIE = "leadpipe_dashboard";

  static final SecretSetting TOKEN =
      new SecretSetting("leadpipe.dashboard.token", "LEADPIPE_DASHBOARD_TOKEN", null, true);

  private static final String BEARER = "Bearer ";

  /** What to do with a request. */
  public enum Decision {
    ALLOW,
    NEED_LOGIN,
    LOCAL_ONLY
  }

  private final SecretDigest token;
  private final DashboardSessions sessions;

  /**
   * @param sessionTtl how long a login lasts
   */
  public DashboardAccess(RunMode mode, String token, Duration sessionTtl, Clock clock) {
    List<String> accepted = TOKEN.accepted(mode, token == null ? List.of() : List.of(token));
    this.token =
        accepted.isEmpty() ? null : SecretDigest.ofConfigured(TOKEN.property(), accepted.get(0));
    this.sessions =
        this.token == null ? null : new DashboardSessions(this.token, sessionTtl, clock);
  }

  public boolean localMode() {
    return token == null;
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
    if (sessions.isLive(sessionCookie)) {
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
    return !localMode() && candidate != null && token.sameAs(SecretDigest.of(candidate.strip()));
  }

  /** The sessions a valid login opens; none in local mode. */
  public DashboardSessions sessions() {
    if (localMode()) {
      throw new IllegalStateException("No sessions in local mode: no token is configured");
    }
    return sessions;
  }
}
