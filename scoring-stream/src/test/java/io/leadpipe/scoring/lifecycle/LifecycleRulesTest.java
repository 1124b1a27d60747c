package io.leadpipe.scoring.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.scoring.leadtype.PurchaseStats;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LifecycleRulesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final LifecycleRules rules = LifecycleRules.defaults();

  private static Instant day(long n) {
    return T0.plus(Duration.ofDays(n));
  }

  private static PurchaseStats boughtOn(long... days) {
    PurchaseStats s = PurchaseStats.none();
    for (long d : days) {
      s = s.plus(day(d), 10, 1);
    }
    return s;
  }

  @Test
  void stagesInOrderOfPrecedence() {
    PurchaseStats none = PurchaseStats.none();
    assertThat(rules.stage(none, false, 5, T0)).isEqualTo(LifecycleStage.VISITOR);
    assertThat(rules.stage(none, false, 20, T0)).isEqualTo(LifecycleStage.ENGAGED_PROSPECT);
    assertThat(rules.stage(none, true, 20, T0)).isEqualTo(LifecycleStage.HESITATING_BUYER);
    assertThat(rules.stage(boughtOn(0), true, 20, T0)).isEqualTo(LifecycleStage.CUSTOMER);
    assertThat(rules.stage(boughtOn(0, 1, 2), false, 0, day(2)))
        .isEqualTo(LifecycleStage.REPEAT_CUSTOMER);
  }

  @Test
  void aRegularBuyerIsAtRiskOnceTheNextPurchaseIsOverdueAndLapsedAfterTwoIntervals() {
    // Every 30 days: lapse period 2 x 30 = 60 days, at risk after 30.
    PurchaseStats monthly = boughtOn(0, 30, 60);
    assertThat(rules.lapsePeriod(monthly)).isEqualTo(Duration.ofDays(60));
    assertThat(rules.atRiskPeriod(monthly)).isEqualTo(Duration.ofDays(30));
    assertThat(rules.stage(monthly, false, 0, day(90))).isEqualTo(LifecycleStage.REPEAT_CUSTOMER);
    assertThat(rules.stage(monthly, false, 0, day(90).plusMillis(1)))
        .isEqualTo(LifecycleStage.AT_RISK);
    assertThat(rules.stage(monthly, false, 0, day(120))).isEqualTo(LifecycleStage.AT_RISK);
    assertThat(rules.stage(monthly, false, 0, day(120).plusMillis(1)))
        .isEqualTo(LifecycleStage.LAPSED);
    assertThat(rules.stageMoments(monthly))
        .hasValueSatisfying(m -> assertThat(m).containsExactly(day(90), day(120)));
  }

  @Test
  void aOneTimeBuyerAndASlowBuyerLapseAtTheMaximum() {
    PurchaseStats once = boughtOn(0);
    assertThat(rules.lapsePeriod(once)).isEqualTo(Duration.ofDays(365));
    assertThat(rules.stage(once, false, 0, day(183))).isEqualTo(LifecycleStage.AT_RISK);
    assertThat(rules.stage(once, false, 0, day(366))).isEqualTo(LifecycleStage.LAPSED);
    // Every 300 days: 2 x 300 exceeds the maximum.
    assertThat(rules.lapsePeriod(boughtOn(0, 300))).isEqualTo(Duration.ofDays(365));
    assertThat(rules.stageMoments(PurchaseStats.none())).isEmpty();
  }

  @Test
  void twoOrdersOnOneDayAreNoRhythm_theLapsePeriodIsAtLeastTheMinimum() {
    PurchaseStats sameDay = PurchaseStats.none().plus(T0, 10, 1).plus(T0.plusSeconds(60), 10, 1);
    assertThat(rules.lapsePeriod(sameDay)).isEqualTo(Duration.ofDays(14));
    assertThat(rules.stage(sameDay, false, 0, day(1))).isEqualTo(LifecycleStage.REPEAT_CUSTOMER);
  }

  @Test
  void aPurchaseAfterLapsingMakesACustomerActiveAgain() {
    PurchaseStats back = boughtOn(0, 10, 200);
    assertThat(rules.stage(back, false, 0, day(200))).isEqualTo(LifecycleStage.REPEAT_CUSTOMER);
  }

  @Test
  void invalidSettingsNameTheSetting() {
    assertThatThrownBy(() -> new LifecycleRules(20, 0, Duration.ofDays(1), Duration.ofDays(1), 0.5))
        .hasMessageContaining("lapse-factor");
    assertThatThrownBy(() -> new LifecycleRules(20, 2, Duration.ofDays(1), Duration.ZERO, 0.5))
        .hasMessageContaining("lapse-maximum");
    assertThatThrownBy(() -> new LifecycleRules(20, 2, Duration.ofDays(1), Duration.ofDays(1), 1.0))
        .hasMessageContaining("at-risk-fraction");
    assertThatThrownBy(() -> new LifecycleRules(20, 2, Duration.ofDays(9), Duration.ofDays(8), 0.5))
        .hasMessageContaining("lapse-minimum");
  }
}
