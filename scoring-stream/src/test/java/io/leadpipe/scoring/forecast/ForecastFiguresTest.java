package io.leadpipe.scoring.forecast;

import static io.leadpipe.scoring.forecast.Prospects.prospect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The worked example of docs/scoring.md (Forecast), and the sums' arithmetic. */
class ForecastFiguresTest {

  // A: p 0.30, cart 120. B: p 0.10, two orders for 160 (80 each). C: p 0.05, nothing known.
  private final ForecastSums a = ForecastSums.shareOf(prospect(0.30, 120, 0, 0, "cart"));
  private final ForecastSums b = ForecastSums.shareOf(prospect(0.10, 0, 2, 160, "returning"));
  private final ForecastSums c = ForecastSums.shareOf(prospect(0.05, 0, 0, 0));

  @Test
  void the_forecast_is_the_sum_of_propensity_times_order_value_with_a_normal_interval() {
    ForecastSums all = a.plus(b).plus(c);

    ForecastFigures f = ForecastFigures.of(all, all);

    // C is valued at the buyers' average order value, B's 160 / 2 = 80.
    assertThat(f.averageOrderValue()).isEqualTo(80);
    // 0.30·120 + 0.10·80 + 0.05·80 = 36 + 8 + 4
    assertThat(f.expectedRevenue()).isEqualTo(48);
    // variance 0.3·0.7·120² + 0.1·0.9·80² + 0.05·0.95·80² = 3024 + 576 + 304 = 3904
    double half = 1.96 * Math.sqrt(3904);
    assertThat(f.high()).isCloseTo(48 + half, within(0.01));
    assertThat(f.low()).isZero(); // 48 − 122.46, cut at 0
    assertThat(f.expectedBuyers()).isCloseTo(0.45, within(1e-9));
    assertThat(f.visitors()).isEqualTo(3);
    assertThat(f.valuedVisitors()).isEqualTo(2);
  }

  @Test
  void a_group_without_buyers_values_the_unknown_at_all_buyers_average() {
    ForecastSums all = a.plus(b).plus(c);

    ForecastFigures onlyC = ForecastFigures.of(c, all);

    assertThat(onlyC.averageOrderValue()).isEqualTo(80);
    assertThat(onlyC.expectedRevenue()).isEqualTo(4);
  }

  @Test
  void nobody_bought_yet_the_unknown_count_for_nothing() {
    ForecastFigures f = ForecastFigures.of(c, c);

    assertThat(f.expectedRevenue()).isZero();
    assertThat(f.expectedBuyers()).isEqualTo(0.05);
  }

  @Test
  void adding_and_taking_out_the_same_shares_any_number_of_times_leaves_no_drift() {
    List<ForecastSums> shares = List.of(a, b, c);
    ForecastSums sums = ForecastSums.NONE;
    for (int round = 0; round < 100_000; round++) {
      ForecastSums share = shares.get(round % 3);
      sums = sums.plus(share).plus(b).minus(share);
    }
    for (int round = 0; round < 100_000; round++) {
      sums = sums.minus(b);
    }

    assertThat(sums).isEqualTo(ForecastSums.NONE);
  }

  /**
   * When the propensities are right, the interval holds the revenue that happens about 95 % of the
   * time: 1,000 simulated weeks of 300 visitors (p up to 0.3, carts of 20 to 220), each visitor
   * buying with its p.
   */
  @Test
  void with_exact_propensities_the_interval_covers_about_95_percent_of_outcomes() {
    Random random = new Random(19);
    int weeks = 1_000;
    int covered = 0;
    for (int week = 0; week < weeks; week++) {
      ForecastSums sums = ForecastSums.NONE;
      double revenue = 0;
      for (int visitor = 0; visitor < 300; visitor++) {
        double p = random.nextDouble() * 0.3;
        double cart = 20 + random.nextDouble() * 200;
        sums = sums.plus(ForecastSums.shareOf(prospect(p, cart, 0, 0)));
        if (random.nextDouble() < p) {
          revenue += cart;
        }
      }
      ForecastFigures f = ForecastFigures.of(sums, sums);
      if (revenue >= f.low() && revenue <= f.high()) {
        covered++;
      }
    }

    assertThat(covered / (double) weeks).isBetween(0.93, 0.97);
  }
}
