package io.leadpipe.notifier.results;

import io.leadpipe.service.stats.Proportion;
import java.util.Optional;

/**
 * Rule: a treated arm against the holdout → the difference of conversion rates with Newcombe's
 * hybrid score interval (Newcombe 1998, method 10: Wilson score intervals of each rate, combined),
 * and the difference of revenue per visitor with a Welch normal-approximation interval; significant
 * when the interval excludes 0.
 *
 * <p>Why these: the Wald interval of a difference (p1 - p2 ± z·se) is too narrow with few visitors
 * or rates near 0 or 1 and collapses to a point at 0 or all conversions; the hybrid score interval
 * keeps its coverage there and stays within [-1, 1]. Revenue per visitor is a mean of a skewed
 * variable (most visitors 0); its sample means are approximately normal for the arm sizes an
 * experiment needs, so a normal interval with each arm's own variance (Welch) is used rather than a
 * bootstrap, which would need every visitor's revenue instead of the running sums kept in the
 * stream.
 *
 * <p>Plain arithmetic on sufficient statistics: no Kafka, no state.
 */
public final class Uplift {

  /** The 97.5 % quantile of the standard normal: two-sided 95 % intervals. */
  public static final double Z_95 = Proportion.Z_95;

  /** The confidence level of {@link #Z_95}. */
  public static final double CONFIDENCE_95 = 0.95;

  private Uplift() {}

  /**
   * What is kept per arm: visitors, how many converted, and the sum and sum of squares of each
   * visitor's revenue (enough for the mean and the variance).
   */
  public record Arm(long visitors, long converted, double revenue, double revenueSquares) {
    public static final Arm EMPTY = new Arm(0, 0, 0, 0);

    public Arm {
      if (visitors < 0 || converted < 0 || converted > visitors) {
        throw new IllegalArgumentException(
            "need 0 <= converted <= visitors: " + converted + " of " + visitors);
      }
    }

    public Optional<Double> conversionRate() {
      return visitors == 0 ? Optional.empty() : Optional.of((double) converted / visitors);
    }

    public Optional<Double> revenuePerVisitor() {
      return visitors == 0 ? Optional.empty() : Optional.of(revenue / visitors);
    }

    /** The sample variance of a visitor's revenue; empty below two visitors. */
    public Optional<Double> revenueVariance() {
      if (visitors < 2) {
        return Optional.empty();
      }
      double mean = revenue / visitors;
      // Σx² − n·mean², clamped: rounding must not make a variance negative.
      return Optional.of(Math.max(0, (revenueSquares - visitors * mean * mean) / (visitors - 1)));
    }
  }

  /** An interval of a difference and whether it excludes 0. */
  public record Interval(double estimate, double lower, double upper) {
    public boolean significant() {
      return lower > 0 || upper < 0;
    }
  }

  /**
   * Both comparisons of a treated arm with the holdout.
   *
   * @param revenuePerVisitorDifference the treated arm's revenue per visitor minus the holdout's
   * @param revenuePerVisitor its interval; empty while an arm has fewer than two visitors
   */
  public record Comparison(
      Interval rate, double revenuePerVisitorDifference, Optional<Interval> revenuePerVisitor) {}

  /**
   * The treated arm against the holdout at 95 %; empty while either arm has no visitors (nothing to
   * compare).
   */
  public static Optional<Comparison> versusHoldout(Arm treated, Arm holdout) {
    if (treated.visitors() == 0 || holdout.visitors() == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Comparison(
            rateDifference(treated, holdout, Z_95),
            treated.revenue() / treated.visitors() - holdout.revenue() / holdout.visitors(),
            revenueDifference(treated, holdout, Z_95)));
  }

  /** Wilson's score interval of one proportion ({@link Proportion#wilson}). */
  public static Interval wilson(long converted, long visitors, double z) {
    Proportion p = Proportion.wilson(converted, visitors, z);
    return new Interval(p.estimate(), p.lower(), p.upper());
  }

  /**
   * Newcombe's hybrid score interval of p1 − p2 (his method 10): with Wilson intervals (l1, u1) and
   * (l2, u2), lower = d − √((p1−l1)² + (u2−p2)²), upper = d + √((u1−p1)² + (p2−l2)²).
   */
  public static Interval rateDifference(Arm a, Arm b, double z) {
    Interval one = wilson(a.converted(), a.visitors(), z);
    Interval two = wilson(b.converted(), b.visitors(), z);
    double p1 = one.estimate();
    double p2 = two.estimate();
    double d = p1 - p2;
    double lower = d - Math.sqrt(square(p1 - one.lower()) + square(two.upper() - p2));
    double upper = d + Math.sqrt(square(one.upper() - p1) + square(p2 - two.lower()));
    return new Interval(d, lower, upper);
  }

  /**
   * Welch's normal approximation of mean1 − mean2: ± z·√(s1²/n1 + s2²/n2); empty while an arm has
   * fewer than two visitors (no variance).
   */
  public static Optional<Interval> revenueDifference(Arm a, Arm b, double z) {
    Optional<Double> v1 = a.revenueVariance();
    Optional<Double> v2 = b.revenueVariance();
    if (v1.isEmpty() || v2.isEmpty()) {
      return Optional.empty();
    }
    double d = a.revenue() / a.visitors() - b.revenue() / b.visitors();
    double se = Math.sqrt(v1.get() / a.visitors() + v2.get() / b.visitors());
    return Optional.of(new Interval(d, d - z * se, d + z * se));
  }

  private static double square(double x) {
    return x * x;
  }
}
