package io.leadpipe.scoring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.service.config.ConfigBindingException;
import io.leadpipe.service.security.RunMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoringAccessTest {

  private static final String ADMIN = "Qm9uZ2FyZGVuLWFkbWlu";
  private static final String READ = "cmVhZC10b2tlbi1mb3ItYmk";

  @Test
  void localModeAcceptsTheDemoAdminKeyAndLeavesTheQueryApiToThisMachine() {
    ScoringAccess local =
        new ScoringAccess(RunMode.LOCAL, new SecuritySettings(List.of(), List.of(), List.of()));
    assertThat(local.adminKeys().matches("dev-admin-key")).isTrue();
    assertThat(local.readTokens().isEmpty()).isTrue();
    assertThat(local.personalDataTokens().isEmpty()).isTrue();
  }

  @Test
  void productionRefusesToStartWithoutItsOwnAdminKey() {
    assertThatThrownBy(
            () ->
                new ScoringAccess(
                    RunMode.PRODUCTION, new SecuritySettings(List.of(), List.of(READ), List.of())))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageContaining("LEADPIPE_ADMIN_KEY");
    assertThatThrownBy(
            () ->
                new ScoringAccess(
                    RunMode.PRODUCTION,
                    new SecuritySettings(List.of("dev-admin-key"), List.of(READ), List.of())))
        .hasMessageContaining("demo secret");
  }

  @Test
  void productionRefusesAnOpenQueryApi() {
    assertThatThrownBy(
            () ->
                new ScoringAccess(
                    RunMode.PRODUCTION, new SecuritySettings(List.of(ADMIN), List.of(), List.of())))
        .hasMessageStartingWith("leadpipe.security.read-tokens: ")
        .hasMessageContaining("LEADPIPE_READ_TOKENS");
    ScoringAccess personalOnly =
        new ScoringAccess(
            RunMode.PRODUCTION, new SecuritySettings(List.of(ADMIN), List.of(), List.of(READ)));
    assertThat(personalOnly.personalDataTokens().matches(READ)).isTrue();
    assertThat(personalOnly.readTokens().matches(READ)).isFalse();
  }
}
