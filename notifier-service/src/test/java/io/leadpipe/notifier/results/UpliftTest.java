package io.leadpipe.notifier.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.leadpipe.notifier.results.Uplift.Arm;
import io.leadpipe.notifier.results.Uplift.Interval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpliftTest {

  /** Newcombe's tables give four decimals. */
  private static final double FOUR_DECIMALS = 0.00005;

  private static Arm arm(long visitors, long converted) {
    return new Arm(visitors, converted, 0, 0);
  }

  /**
   * Newcombe (1998), "Interval estimation for the difference between independent proportions",
   * Statistics in Medicine 17:873-890, Table II, method 10 (hybrid score), examples (a) to (h).
   */
  @ParameterizedTest(name = "{0}/{1} - {2}/{3} -> [{4}, {5}]")
  @CsvSource({
    "56, 70, 48, 80, 0.0524, 0.3339",
    "9, 10, 3, 10, 0.1705, 0.8090",
    "6, 7, 2, 7, 0.0582, 0.8062",
    "5, 56, 0, 29, -0.0381, 0.1926",
    "0, 10, 0, 20, -0.1611, 0.2775",
    "0, 10, 0, 10, -0.2775, 0.2775",
    "10, 10, 0, 20, 0.6791, 1.0000",
    "10, 10, 0, 10, 0.6075, 1.0000"
  })
  void the_rate_difference_interval_is_newcombes_hybrid_score_interval(
      long x1, long n1, long x2, long n2, double lower, double upper) {
    Interval i = Uplift.rateDifference(arm(n1, x1), arm(n2, x2), Uplift.Z_95);

    assertThat(i.estimate()).isCloseTo((double) x1 / n1 - (double) x2 / n2, within(1e-12));
    assertThat(i.lower()).isCloseTo(lower, within(FOUR_DECIMALS));
    assertThat(i.upper()).isCloseTo(upper, within(FOUR_DECIMALS));
  }

  /** Newcombe (1998), "Two-sided confidence intervals for the single proportion", 81/263. */
  @Test
  void the_wilson_interval_of_one_proportion_is_the_textbook_one() {
    Interval i = Uplift.wilson(81, 263, Uplift.Z_95);

    assertThat(i.lower()).isCloseTo(0.2553, within(FOUR_DECIMALS));
    assertThat(i.upper()).isCloseTo(0.3662, within(FOUR_DECIMALS));
  }

  @Test
  void the_wilson_interval_stays_within_zero_and_one_at_none_and_all() {
    assertThat(Uplift.wilson(0, 10, Uplift.Z_95).lower()).isZero();
    assertThat(Uplift.wilson(10, 10, Uplift.Z_95).upper()).isCloseTo(1.0, within(1e-12));
  }

  /**
   * Revenues 0, 0, 10, 20 against 0, 0, 0, 10: means 7.5 and 2.5, sample variances 275/3 and 25,
   * standard error √(275/12 + 25/4) = √(350/12), so 5 ± 1.959964 × 5.400617 = [-5.5850, 15.5850].
   */
  @Test
  void the_revenue_difference_has_a_welch_normal_interval() {
    Arm treated = new Arm(4, 2, 30, 500);
    Arm holdout = new Arm(4, 1, 10, 100);

    Interval i = Uplift.revenueDifference(treated, holdout, Uplift.Z_95).orElseThrow();

    assertThat(treated.revenueVariance())
        .hasValueSatisfying(v -> assertThat(v).isCloseTo(275.0 / 3, within(1e-9)));
    assertThat(i.estimate()).isCloseTo(5.0, within(1e-12));
    assertThat(i.lower()).isCloseTo(-5.5850, within(FOUR_DECIMALS));
    assertThat(i.upper()).isCloseTo(15.5850, within(FOUR_DECIMALS));
    assertThat(i.significant()).isFalse();
  }

  @Test
  void a_clear_difference_is_significant_and_one_spanning_zero_is_not() {
    assertThat(Uplift.rateDifference(arm(10, 9), arm(10, 3), Uplift.Z_95).significant()).isTrue();
    assertThat(Uplift.rateDifference(arm(80, 48), arm(70, 56), Uplift.Z_95).significant())
        .as("negative uplift, interval below 0")
        .isTrue();
    assertThat(Uplift.rateDifference(arm(56, 5), arm(29, 0), Uplift.Z_95).significant()).isFalse();
  }

  @Test
  void nothing_is_compared_while_an_arm_has_no_visitors() {
    assertThat(Uplift.versusHoldout(arm(10, 2), Arm.EMPTY)).isEmpty();
    assertThat(Uplift.versusHoldout(Arm.EMPTY, arm(10, 2))).isEmpty();
    assertThat(Arm.EMPTY.conversionRate()).isEmpty();
    assertThat(Arm.EMPTY.revenuePerVisitor()).isEmpty();
  }

  @Test
  void revenue_needs_two_visitors_per_arm_for_a_variance() {
    assertThat(Uplift.versusHoldout(new Arm(1, 1, 50, 2500), new Arm(5, 1, 20, 400)))
        .hasValueSatisfying(c -> assertThat(c.revenuePerVisitor()).isEmpty());
  }

  @Test
  void identical_revenues_give_a_zero_width_interval_not_a_negative_variance() {
    // Every visitor spent 10: Σx² − n·mean² is 0 up to rounding.
    Arm same = new Arm(3, 3, 30, 300);

    assertThat(same.revenueVariance()).contains(0.0);
    Interval i = Uplift.revenueDifference(same, same, Uplift.Z_95).orElseThrow();
    assertThat(i.lower()).isEqualTo(0.0);
    assertThat(i.upper()).isEqualTo(0.0);
  }

  @Test
  void impossible_counts_are_refused() {
    assertThatThrownBy(() -> new Arm(3, 4, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Arm(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
