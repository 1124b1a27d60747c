package io.leadpipe.scoring.forecast;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Expected revenue from a group's current prospects within the horizon, with a 95 % interval. Each
 * visitor buys (or not) independently with their propensity p, for their expected order value v:
 * the sum of these Bernoulli variables has mean Σ p·v and variance Σ p(1−p)v², and the interval is
 * the normal approximation mean ± 1.96·√variance (cut at 0). It ignores the model's own error (p is
 * taken as exact) and the spread of order values around v: an honest interval is at least this
 * wide. Visitors without their own value count at the buyers' average order value: the group's
 * buyers' when it has any, else all buyers'.
 *
 * @param visitors visitors in the group
 * @param valuedVisitors of them, valued by their cart or purchase history
 * @param averageOrderValue what the others are valued at (0 while nobody has bought)
 * @param expectedRevenue Σ p·v
 * @param low the interval's lower end
 * @param high the interval's upper end
 * @param expectedBuyers Σ p
 */
@Serdeable
public record ForecastFigures(
    long visitors,
    long valuedVisitors,
    double averageOrderValue,
    double expectedRevenue,
    double low,
    double high,
    double expectedBuyers) {

  /** The standard normal quantile of a two-sided 95 % interval. */
  public static final double Z_95 = 1.96;

  /**
   * @param group the group's sums
   * @param all the sums over all visitors, whose buyers' average applies when the group has none
   */
  public static ForecastFigures of(ForecastSums group, ForecastSums all) {
    double average = group.averageOrderValue().orElse(all.averageOrderValue().orElse(0));
    double unvaluedChance = group.unvaluedChance() / ForecastSums.CHANCE;
    double expected = group.expected() / ForecastSums.MONEY + average * unvaluedChance;
    double variance =
        group.variance() / ForecastSums.MONEY
            + average * average * group.unvaluedVariance() / ForecastSums.CHANCE;
    double half = Z_95 * Math.sqrt(Math.max(0, variance));
    return new ForecastFigures(
        group.visitors(),
        group.valued(),
        round(average),
        round(expected),
        round(Math.max(0, expected - half)),
        round(expected + half),
        round(group.chance() / ForecastSums.CHANCE));
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
