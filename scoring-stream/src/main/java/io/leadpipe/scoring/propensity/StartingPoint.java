package io.leadpipe.scoring.propensity;

/**
 * Version 0 of the purchase model, before any outcome has been seen: log-odds from the rule scores
 * and signals the profile already has (docs/scoring.md, "Starting point"). A profile with nothing
 * scores σ(-4.6) ≈ 1 %; an engaged visitor with a cart and a started checkout seen today about 60
 * %. Its calibration is measured like every version's from the first example on, and it serves only
 * until a learned version beats it on the holdout. The learner starts from these weights, so the
 * first learned versions stay close to the rules until the data says otherwise.
 */
public final class StartingPoint {

  /** σ(-4.6) ≈ 1 %: an unknown visitor rarely buys within a week. */
  static final double INTERCEPT = -4.6;

  /** In the order of {@link PropensityFeatures#NAMES}. */
  private static final double[] WEIGHTS = {
    2.0, // engagement (0..1): the decaying behaviour score
    0.5, // fit
    1.0, // purchases
    1.0, // recent purchase
    1.0, // cart
    0.3, // cart value
    1.0, // checkout started
    0.3, // product views
    0.2, // sessions
    1.0, // recently seen
    0.3, // hesitating: close to buying, held back
    0.2, // coupon searches
    0.2 // reviews read
  };

  private StartingPoint() {}

  public static LogisticModel model() {
    if (WEIGHTS.length != PropensityFeatures.NAMES.size()) {
      throw new IllegalStateException("one starting weight per feature");
    }
    return new LogisticModel(0, INTERCEPT, WEIGHTS);
  }
}
