package io.leadpipe.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.service.config.ConfigBindingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretSettingTest {

  private final SecretSetting adminKeys =
      new SecretSetting(
          "leadpipe.security.admin-keys", "LEADPIPE_ADMIN_KEY", "dev-admin-key", true);

  @Test
  void localModeFallsBackToTheDemoSecretOnlyWhenNothingIsSet() {
    assertThat(adminKeys.accepted(RunMode.LOCAL, List.of())).containsExactly("dev-admin-key");
    assertThat(adminKeys.accepted(RunMode.LOCAL, List.of(" mine "))).containsExactly("mine");
  }

  @Test
  void productionRefusesAnUnsetSettingNamingTheVariable() {
    assertThatThrownBy(() -> adminKeys.accepted(RunMode.PRODUCTION, List.of(" ")))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageStartingWith("leadpipe.security.admin-keys: not set")
        .hasMessageContaining("LEADPIPE_ADMIN_KEY");
  }

  @Test
  void anOptionalSettingMayStayUnsetButIsCheckedWhenSet() {
    SecretSetting personal =
        new SecretSetting(
            "leadpipe.security.personal-data-tokens", "LEADPIPE_PERSONAL_DATA_TOKENS", null, false);
    assertThat(personal.accepted(RunMode.PRODUCTION, List.of())).isEmpty();
    assertThatThrownBy(() -> personal.accepted(RunMode.PRODUCTION, List.of("demo-read-token")))
        .hasMessageContaining("LEADPIPE_PERSONAL_DATA_TOKENS");
  }

  @Test
  void productionRefusesEveryPublishedDemoSecretAlsoAsADigest() {
    for (String demo : SecretSetting.DEMO_SECRETS) {
      assertThatThrownBy(() -> adminKeys.accepted(RunMode.PRODUCTION, List.of(demo)))
          .as(demo)
          .hasMessageContaining("demo secret")
          .hasMessageContaining("LEADPIPE_ADMIN_KEY");
    }
    String demoDigest =
        "sha256:5b2c7b38f2cfd3e5ed1ac2b2b3ba4e22d5fa4d1a0df5d3fa4bb1d17c7a5cb5c0"; // not a demo
    assertThat(adminKeys.accepted(RunMode.PRODUCTION, List.of(demoDigest)))
        .containsExactly(demoDigest);
    String digestOfDemo = "sha256:" + java.util.HexFormat.of().formatHex(sha256("dev-admin-key"));
    assertThatThrownBy(() -> adminKeys.accepted(RunMode.PRODUCTION, List.of(digestOfDemo)))
        .hasMessageContaining("demo secret");
  }

  @Test
  void productionRefusesShortSecretsAndAcceptsLongOnes() {
    assertThatThrownBy(() -> adminKeys.accepted(RunMode.PRODUCTION, List.of("short-key")))
        .hasMessageContaining("shorter than 16");
    assertThat(adminKeys.accepted(RunMode.PRODUCTION, List.of("Zq8v3LkPp0sWmN4r")))
        .containsExactly("Zq8v3LkPp0sWmN4r");
  }

  @Test
  void anUnknownModeFailsNamingTheSetting() {
    assertThat(RunMode.parse(null)).isEqualTo(RunMode.PRODUCTION);
    assertThat(RunMode.parse(" Local ")).isEqualTo(RunMode.LOCAL);
    assertThatThrownBy(() -> RunMode.parse("dev")).hasMessageStartingWith("leadpipe.mode: ");
  }

  private static byte[] sha256(String s) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
