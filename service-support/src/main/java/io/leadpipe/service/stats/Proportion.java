package io.leadpipe.service.stats;

/**
 * A proportion x/n with Wilson's score interval: the rates p for which |x/n − p| ≤ z·√(p(1−p)/n).
 * Unlike the Wald interval (p ± z·se) it keeps its coverage with few trials or rates near 0 or 1,
 * and stays within [0, 1]. Shared by the strategy results (notifier) and the reason accuracy
 * (scoring).
 */
public record Proportion(double estimate, double lower, double upper) {

  /** The 97.5 % quantile of the standard normal: two-sided 95 % intervals. */
  public static final double Z_95 = 1.959963984540054;

  /**
   * {@code successes} of {@code trials} with the interval for {@code z}.
   *
   * @throws IllegalArgumentException when there are no trials (no proportion to estimate)
   */
  public static Proportion wilson(long successes, long trials, double z) {
    if (trials <= 0) {
      throw new IllegalArgumentException("a proportion of no trials: " + trials);
    }
    double n = trials;
    double p = successes / n;
    double z2 = z * z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    return new Proportion(p, Math.max(0, centre - half), Math.min(1, centre + half));
  }
}
