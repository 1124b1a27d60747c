package io.leadpipe.scoring.propensity;

import java.time.Duration;

/**
 * How the purchase model is learned and served ({@code leadpipe.scoring.propensity.*},
 * docs/scoring.md).
 *
 * @param horizon a prediction is about a purchase within this time after the snapshot; a snapshot
 *     becomes an example once it has passed (plus the grace for late events)
 * @param minExamplesToPromote a candidate replaces the serving version only after both were scored
 *     on at least this many holdout examples (with buyers and non-buyers among them)
 * @param minImprovement the candidate's Brier score must be lower than the serving version's by at
 *     least this fraction of it (0.01: 1 %), so versions are not replaced for noise
 * @param holdoutWindow at most this many of the latest holdout examples are kept for the comparison
 *     and the reported figures
 * @param learningRate AdaGrad's base step (η)
 * @param l2 the L2 penalty on the weights (λ)
 * @param topFactors how many contributing features each prediction names
 * @param reportEvery the serving version's holdout figures are republished after this many examples
 * @param checkInterval how often (stream time) each task closes the snapshots whose horizon passed
 * @param maxPerCheck at most this many snapshots closed per check and task; the rest at the next
 */
public record PropensitySettings(
    Duration horizon,
    int minExamplesToPromote,
    double minImprovement,
    int holdoutWindow,
    double learningRate,
    double l2,
    int topFactors,
    int reportEvery,
    Duration checkInterval,
    int maxPerCheck) {

  /** The model's name: its key on leadpipe.propensity-models and leadpipe.propensity-examples. */
  public static final String MODEL = "purchase-7d";

  public static final Duration DEFAULT_HORIZON = Duration.ofDays(7);

  /**
   * Enough examples that a Brier difference is not noise at typical purchase rates (a few percent):
   * 500 examples at 5 % hold 25 buyers.
   */
  public static final int DEFAULT_MIN_EXAMPLES = 500;

  /**
   * On synthetic data (docs/scoring.md) a learner kept winning by 0.2 % per 600 examples without a
   * margin: 14 versions in 20,000 examples, each no better than noise.
   */
  public static final double DEFAULT_MIN_IMPROVEMENT = 0.01;

  /** The latest 5,000 outcomes: recent enough to follow a change in behaviour. */
  public static final int DEFAULT_HOLDOUT_WINDOW = 5_000;

  /**
   * AdaGrad's steps shrink as 1/√(gradients seen); 0.5 reaches a known relation within 0.25 in
   * 200,000 examples where 0.1 still is 0.8 off (OnlineLogisticRegressionTest).
   */
  public static final double DEFAULT_LEARNING_RATE = 0.5;

  public static final double DEFAULT_L2 = 1e-4;

  /** As many as a score's factors show on the dashboard. */
  public static final int DEFAULT_TOP_FACTORS = 3;

  public static final int DEFAULT_REPORT_EVERY = 200;

  /** Horizons are days long: a minute late costs nothing, and an empty check is one seek. */
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMinutes(1);

  public static final int DEFAULT_MAX_PER_CHECK = 1_000;

  public PropensitySettings {
    if (horizon == null || horizon.isNegative() || horizon.isZero()) {
      throw new IllegalArgumentException("horizon must be positive, got " + horizon);
    }
    if (minExamplesToPromote < 1) {
      throw new IllegalArgumentException(
          "min-examples-to-promote must be at least 1, got " + minExamplesToPromote);
    }
    if (!(minImprovement >= 0 && minImprovement < 1)) {
      throw new IllegalArgumentException(
          "min-improvement must be at least 0 and below 1, got " + minImprovement);
    }
    if (holdoutWindow < minExamplesToPromote) {
      throw new IllegalArgumentException(
          "holdout-window must be at least min-examples-to-promote ("
              + minExamplesToPromote
              + "), got "
              + holdoutWindow);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning-rate must be positive, got " + learningRate);
    }
    if (!(l2 >= 0) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException("l2 must be zero or positive, got " + l2);
    }
    if (topFactors < 0) {
      throw new IllegalArgumentException("top-factors must not be negative, got " + topFactors);
    }
    if (reportEvery < 1) {
      throw new IllegalArgumentException("report-every must be at least 1, got " + reportEvery);
    }
    if (checkInterval == null || checkInterval.isNegative() || checkInterval.isZero()) {
      throw new IllegalArgumentException("check-interval must be positive, got " + checkInterval);
    }
    if (maxPerCheck < 1) {
      throw new IllegalArgumentException("max-per-check must be at least 1, got " + maxPerCheck);
    }
  }

  public static PropensitySettings defaults() {
    return new PropensitySettings(
        DEFAULT_HORIZON,
        DEFAULT_MIN_EXAMPLES,
        DEFAULT_MIN_IMPROVEMENT,
        DEFAULT_HOLDOUT_WINDOW,
        DEFAULT_LEARNING_RATE,
        DEFAULT_L2,
        DEFAULT_TOP_FACTORS,
        DEFAULT_REPORT_EVERY,
        DEFAULT_CHECK_INTERVAL,
        DEFAULT_MAX_PER_CHECK);
  }

  /** Whole days, as the profile reports the horizon. */
  public int horizonDays() {
    return (int) Math.max(1, horizon.toDays());
  }
}
