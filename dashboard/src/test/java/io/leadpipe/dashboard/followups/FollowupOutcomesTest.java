package io.leadpipe.dashboard.followups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FollowupOutcomesTest {

  @Test
  void decisionsAreCountedPerOutcomeAndPlaysRankedByRecoveredBuyers() {
    FollowupOutcomes outcomes = new FollowupOutcomes();
    outcomes.decided("SENT", "OK", "DISCOUNT_OFFER", null);
    outcomes.decided("SENT", "OK", "DISCOUNT_OFFER", null);
    outcomes.decided("SENT", "OK", "FREE_SHIPPING", null);
    outcomes.decided("SENT", "OK", "REMINDER", null);
    outcomes.decided("SUPPRESSED", "NO_CONSENT", "REMINDER", null);
    outcomes.decided("SUPPRESSED", "NO_CONSENT", null, null);
    outcomes.decided("DELAYED", "QUIET_HOURS", "REMINDER", null);
    outcomes.decided("CANCELLED", "PURCHASED", null, null);
    outcomes.decided("RECOVERED", "ATTRIBUTED", "FREE_SHIPPING", 80.0);
    outcomes.decided("RECOVERED", "ATTRIBUTED", "DISCOUNT_OFFER", 120.0);
    outcomes.decided("RECOVERED", "ATTRIBUTED", "FREE_SHIPPING", 20.0);

    FollowupOutcomes.Summary s = outcomes.snapshot();
    assertThat(s.sent())
        .isEqualTo(
            new FollowupOutcomes.Breakdown(
                4, Map.of("DISCOUNT_OFFER", 2L, "FREE_SHIPPING", 1L, "REMINDER", 1L)));
    assertThat(s.suppressed())
        .isEqualTo(new FollowupOutcomes.Breakdown(2, Map.of("NO_CONSENT", 2L)));
    assertThat(s.delayed()).isEqualTo(new FollowupOutcomes.Breakdown(1, Map.of("QUIET_HOURS", 1L)));
    assertThat(s.cancelled()).isEqualTo(new FollowupOutcomes.Breakdown(1, Map.of("PURCHASED", 1L)));
    assertThat(s.plays())
        .containsExactly(
            new FollowupOutcomes.PlayResult("FREE_SHIPPING", 1, 2, 100.0, 2.0),
            new FollowupOutcomes.PlayResult("DISCOUNT_OFFER", 2, 1, 120.0, 0.5),
            new FollowupOutcomes.PlayResult("REMINDER", 1, 0, 0.0, 0.0));
    assertThat(s.recoveredBuyers()).isEqualTo(3);
    assertThat(s.recoveredRevenue()).isEqualTo(220.0);
  }

  @Test
  void aRecoveryWithoutRevenueOrSentFollowUpStillCounts() {
    FollowupOutcomes outcomes = new FollowupOutcomes();
    outcomes.decided("RECOVERED", "ATTRIBUTED", "SOCIAL_PROOF", null);

    assertThat(outcomes.snapshot().plays())
        .containsExactly(new FollowupOutcomes.PlayResult("SOCIAL_PROOF", 0, 1, 0.0, null));
    assertThatThrownBy(() -> outcomes.decided("IGNORED", "OK", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IGNORED");
  }
}
