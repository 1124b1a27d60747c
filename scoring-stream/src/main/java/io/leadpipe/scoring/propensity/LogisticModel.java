package io.leadpipe.scoring.propensity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * p = σ(intercept + Σ wᵢxᵢ): one frozen version of the purchase model. A prediction is one dot
 * product; its explanation is each feature's share of the log-odds, wᵢxᵢ, largest effect first.
 *
 * @param version 0 for the starting point, then one per promotion
 * @param intercept the log-odds of a profile whose features are all 0
 * @param weights one per name of {@link PropensityFeatures#NAMES}
 */
public record LogisticModel(int version, double intercept, double[] weights) {

  /** One feature's contribution to a prediction, in log-odds. */
  public record Contribution(String feature, double logOdds) {}

  public LogisticModel {
    weights = weights.clone();
  }

  public double logOdds(double[] x) {
    if (x.length != weights.length) {
      throw new IllegalArgumentException(
          "expected " + weights.length + " feature values, got " + x.length);
    }
    double z = intercept;
    for (int i = 0; i < x.length; i++) {
      z += weights[i] * x[i];
    }
    return z;
  }

  public double predict(double[] x) {
    return sigmoid(logOdds(x));
  }

  /** The {@code limit} features with the largest effect on this prediction, either way. */
  public List<Contribution> topContributions(double[] x, int limit) {
    List<Contribution> all = new ArrayList<>(x.length);
    for (int i = 0; i < x.length; i++) {
      double c = weights[i] * x[i];
      if (c != 0) {
        all.add(new Contribution(PropensityFeatures.NAMES.get(i), c));
      }
    }
    all.sort(
        Comparator.comparingDouble((Contribution c) -> Math.abs(c.logOdds()))
            .reversed()
            .thenComparing(Contribution::feature));
    return List.copyOf(all.subList(0, Math.min(limit, all.size())));
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  /** Numerically safe at both ends (no overflow of e^z). */
  static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogisticModel m
        && m.version == version
        && Double.compare(m.intercept, intercept) == 0
        && java.util.Arrays.equals(m.weights, weights);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * version + Double.hashCode(intercept)) + java.util.Arrays.hashCode(weights);
  }

  @Override
  public String toString() {
    return "LogisticModel[v"
        + version
        + ", intercept="
        + intercept
        + ", weights="
        + java.util.Arrays.toString(weights)
        + "]";
  }
}
