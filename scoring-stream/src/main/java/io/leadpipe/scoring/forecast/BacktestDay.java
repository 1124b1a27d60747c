package io.leadpipe.scoring.forecast;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A day's closed purchase snapshots (by the UTC day of the snapshot), forecast against outcome:
 * what was expected when each snapshot was taken (its served propensity, and propensity × expected
 * order value), and what the visitor bought within the horizon after it. Additive, in the fixed
 * point of {@link ForecastSums} (money in thousandths, probabilities in millionths).
 *
 * @param snapshots closed snapshots of the day that had a served prediction
 * @param expectedBuyers Σ p
 * @param buyers snapshots whose visitor bought within the horizon
 * @param forecast Σ p·v
 * @param revenue Σ revenue bought within the horizon
 */
@Serdeable
public record BacktestDay(
    long snapshots, long expectedBuyers, long buyers, long forecast, long revenue) {

  public static final BacktestDay NONE = new BacktestDay(0, 0, 0, 0, 0);

  /** One closed snapshot. */
  public static BacktestDay of(
      double predicted, double expectedOrderValue, boolean purchased, double revenue) {
    return new BacktestDay(
        1,
        Math.round(predicted * ForecastSums.CHANCE),
        purchased ? 1 : 0,
        Math.round(predicted * expectedOrderValue * ForecastSums.MONEY),
        Math.round(revenue * ForecastSums.MONEY));
  }

  public BacktestDay plus(BacktestDay o) {
    return new BacktestDay(
        snapshots + o.snapshots,
        expectedBuyers + o.expectedBuyers,
        buyers + o.buyers,
        forecast + o.forecast,
        revenue + o.revenue);
  }
}
