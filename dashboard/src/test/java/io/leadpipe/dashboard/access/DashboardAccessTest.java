package io.leadpipe.dashboard.access;

import static io.leadpipe.dashboard.access.DashboardAccess.Decision.ALLOW;
import static io.leadpipe.dashboard.access.DashboardAccess.Decision.LOCAL_ONLY;
import static io.leadpipe.dashboard.access.DashboardAccess.Decision.NEED_LOGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class DashboardAccessTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final InetAddress OTHER = address("192.0.2.10");

  @Test
  void withoutATokenOnlyThisMachineGetsIn() {
    DashboardAccess access = new DashboardAccess("");

    assertThat(access.localMode()).isTrue();
    assertThat(access.decide(LOOPBACK, null, null)).isEqualTo(ALLOW);
    assertThat(access.decide(address("::1"), null, null)).isEqualTo(ALLOW);
    assertThat(access.decide(OTHER, null, null)).isEqualTo(LOCAL_ONLY);
    assertThat(access.decide(null, null, null)).isEqualTo(LOCAL_ONLY);
    assertThat(access.tokenMatches("")).isFalse();
    assertThatThrownBy(access::sessionValue).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void withATokenEveryoneNeedsTheSessionCookieOrTheBearerToken() {
    DashboardAccess access = new DashboardAccess(" s3cret-token ");

    assertThat(access.localMode()).isFalse();
    assertThat(access.decide(LOOPBACK, null, null)).isEqualTo(NEED_LOGIN);
    assertThat(access.decide(OTHER, access.sessionValue(), null)).isEqualTo(ALLOW);
    assertThat(access.decide(OTHER, null, "Bearer s3cret-token")).isEqualTo(ALLOW);
    assertThat(access.decide(OTHER, "forged", "Bearer wrong")).isEqualTo(NEED_LOGIN);
    assertThat(access.decide(OTHER, null, "Basic s3cret-token")).isEqualTo(NEED_LOGIN);
    assertThat(access.decide(OTHER, "s3cret-token", null))
        .as("the cookie is not the token")
        .isEqualTo(NEED_LOGIN);
  }

  @Test
  void theSessionValueIsDerivedFromTheTokenNeverTheTokenItself() {
    DashboardAccess access = new DashboardAccess("s3cret-token");

    assertThat(access.sessionValue())
        .doesNotContain("s3cret")
        .hasSize(64)
        .isEqualTo(new DashboardAccess("s3cret-token").sessionValue())
        .isNotEqualTo(new DashboardAccess("rotated-token").sessionValue());
    assertThat(access.tokenMatches("s3cret-token")).isTrue();
    assertThat(access.tokenMatches("s3cret-token-and-more")).isFalse();
    assertThat(access.tokenMatches(null)).isFalse();
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
