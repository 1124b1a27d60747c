package io.leadpipe.scoring.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfReferralTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  private static ReferralCredit creditFor(String referred) {
    return ReferralCredit.visitor("u-ann", referred, "ann-code", T0);
  }

  @Test
  void aCreditForAnIdTheSharerIsKnownByIsTheirOwn() {
    List<String> devices = List.of("ann-phone", "ann-laptop");

    assertThat(SelfReferral.creditsThemselves(creditFor("ann-phone"), "u-ann", null, devices))
        .isTrue();
    assertThat(SelfReferral.creditsThemselves(creditFor("u-ann"), "ann-laptop", "u-ann", List.of()))
        .isTrue();
    assertThat(SelfReferral.creditsThemselves(creditFor("u-ann"), "u-ann", null, List.of()))
        .isTrue();
  }

  @Test
  void aCreditForSomeoneElseCounts() {
    assertThat(
            SelfReferral.creditsThemselves(
                creditFor("bob"), "u-ann", "u-ann", List.of("ann-phone")))
        .isFalse();
  }
}
