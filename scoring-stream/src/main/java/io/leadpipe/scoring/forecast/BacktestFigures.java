package io.leadpipe.scoring.forecast;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One day of the backtest, side by side: the forecast made at the snapshots of that day and what
 * the visitors bought within the horizon after them.
 *
 * @param day the UTC day of the snapshots, ISO ({@code 2026-11-02})
 * @param snapshots closed snapshots of the day
 * @param expectedBuyers Σ p
 * @param buyers visitors who bought within the horizon
 * @param forecastRevenue Σ p·v
 * @param actualRevenue revenue bought within the horizon
 */
@Serdeable
public record BacktestFigures(
    String day,
    long snapshots,
    double expectedBuyers,
    long buyers,
    double forecastRevenue,
    double actualRevenue) {

  public static BacktestFigures of(String day, BacktestDay sums) {
    return new BacktestFigures(
        day,
        sums.snapshots(),
        round(sums.expectedBuyers() / ForecastSums.CHANCE),
        sums.buyers(),
        round(sums.forecast() / ForecastSums.MONEY),
        round(sums.revenue() / ForecastSums.MONEY));
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
