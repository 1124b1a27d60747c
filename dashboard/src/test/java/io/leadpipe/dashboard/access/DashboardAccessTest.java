package io.leadpipe.dashboard.access;

import static io.leadpipe.dashboard.access.DashboardAccess.Decision.ALLOW;
import static io.leadpipe.dashboard.access.DashboardAccess.Decision.LOCAL_ONLY;
import static io.leadpipe.dashboard.access.DashboardAccess.Decision.NEED_LOGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.devkit.test.ManualClock;
import io.leadpipe.service.config.ConfigBindingException;
import io.leadpipe.service.security.RunMode;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DashboardAccessTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final InetAddress OTHER = address("192.0.2.10");
  private static final String TOKEN = "s3cret-dashboard-token";
  private static final Duration TTL = Duration.ofHours(8);

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T10:00:00Z"));

  @Test
  void withoutATokenOnlyThisMachineGetsIn() {
    DashboardAccess access = new DashboardAccess(RunMode.LOCAL, "", TTL, clock);

    assertThat(access.localMode()).isTrue();
    assertThat(access.decide(LOOPBACK, null, null)).isEqualTo(ALLOW);
    assertThat(access.decide(address("::1"), null, null)).isEqualTo(ALLOW);
    assertThat(access.decide(OTHER, null, null)).isEqualTo(LOCAL_ONLY);
    assertThat(access.decide(null, null, null)).isEqualTo(LOCAL_ONLY);
    assertThat(access.tokenMatches("")).isFalse();
    assertThatThrownBy(access::sessions).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void outsideLocalModeTheTokenIsRequiredAndNoDemoTokenIsAccepted() {
    assertThatThrownBy(() -> new DashboardAccess(RunMode.PRODUCTION, "", TTL, clock))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageContaining("LEADPIPE_DASHBOARD_TOKEN");
    assertThatThrownBy(
            () -> new DashboardAccess(RunMode.PRODUCTION, "change-me-dashboard-token", TTL, clock))
        .hasMessageContaining("demo secret");
  }

  @Test
  void withATokenEveryoneNeedsALiveSessionOrTheBearerToken() {
    DashboardAccess access = new DashboardAccess(RunMode.PRODUCTION, " " + TOKEN + " ", TTL, clock);

    assertThat(access.localMode()).isFalse();
    assertThat(access.decide(LOOPBACK, null, null)).isEqualTo(NEED_LOGIN);
    assertThat(access.decide(OTHER, access.sessions().open(), null)).isEqualTo(ALLOW);
    assertThat(access.decide(OTHER, null, "Bearer " + TOKEN)).isEqualTo(ALLOW);
    assertThat(access.decide(OTHER, "forged", "Bearer wrong")).isEqualTo(NEED_LOGIN);
    assertThat(access.decide(OTHER, null, "Basic " + TOKEN)).isEqualTo(NEED_LOGIN);
    assertThat(access.decide(OTHER, TOKEN, null))
        .as("the cookie is not the token")
        .isEqualTo(NEED_LOGIN);
  }

  @Test
  void aSessionEndsAtItsExpiryAtLogoutAndWithANewToken() {
    DashboardAccess access = new DashboardAccess(RunMode.PRODUCTION, TOKEN, TTL, clock);
    String session = access.sessions().open();
    String other = access.sessions().open();
    assertThat(session).doesNotContain("s3cret").isNotEqualTo(other);

    // Another instance with the same token accepts it; one with a rotated token does not
    assertThat(
            new DashboardAccess(RunMode.PRODUCTION, TOKEN, TTL, clock).sessions().isLive(session))
        .isTrue();
    assertThat(
            new DashboardAccess(RunMode.PRODUCTION, "rotated-dashboard-token", TTL, clock)
                .sessions()
                .isLive(session))
        .isFalse();

    // Logout revokes just that session
    access.sessions().close(session);
    assertThat(access.decide(OTHER, session, null)).isEqualTo(NEED_LOGIN);
    assertThat(access.decide(OTHER, other, null)).isEqualTo(ALLOW);

    // A tampered expiry breaks the signature; the real one ends the session
    String[] parts = other.split("\\.");
    assertThat(access.sessions().isLive(parts[0] + ".9999999999." + parts[2])).isFalse();
    clock.advance(TTL.minusSeconds(1));
    assertThat(access.decide(OTHER, other, null)).isEqualTo(ALLOW);
    clock.advance(Duration.ofSeconds(1));
    assertThat(access.decide(OTHER, other, null)).isEqualTo(NEED_LOGIN);
  }

  @Test
  void theTokenMayBeConfiguredAsItsDigest() throws Exception {
    String digest =
        "sha256:"
            + java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(TOKEN.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    DashboardAccess byDigest = new DashboardAccess(RunMode.PRODUCTION, digest, TTL, clock);
    assertThat(byDigest.tokenMatches(TOKEN)).isTrue();
    assertThat(byDigest.tokenMatches(digest)).isFalse();
    assertThat(
            new DashboardAccess(RunMode.PRODUCTION, TOKEN, TTL, clock)
                .sessions()
                .isLive(byDigest.sessions().open()))
        .as("plain and digest configurations sign alike")
        .isTrue();
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
