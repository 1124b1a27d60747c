package io.leadpipe.scoring.propensity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * predictions made before their outcome was known, with the outcomes → how honest the probabilities
 * are (Brier score; reliability: the predicted against the observed rate per tenth of the
 * predictions) and how well they rank buyers above the others (AUC).
 *
 * @param examples how many predictions
 * @param positives how many of them were followed by a purchase
 * @param brier mean of (p − y)²; null with no examples. 0 is perfect; always predicting the base
 *     rate r scores r(1 − r)
 * @param auc the probability that a random buyer got a higher prediction than a random non-buyer
 *     (ties count half); null until both outcomes occurred. 0.5 is chance
 * @param reliability ten groups of (nearly) equal size by prediction, lowest first; fewer when
 *     there are fewer than ten examples
 */
public record HoldoutMetrics(
    long examples, long positives, Double brier, Double auc, List<Bin> reliability) {

  /** One tenth of the predictions: what they said on average, and what happened. */
  public record Bin(int decile, long examples, double meanPredicted, double observedRate) {}

  public static final int DECILES = 10;

  public static HoldoutMetrics of(double[] predicted, boolean[] purchased) {
    if (predicted.length != purchased.length) {
      throw new IllegalArgumentException("one outcome per prediction");
    }
    int n = predicted.length;
    long positives = 0;
    double squared = 0;
    for (int i = 0; i < n; i++) {
      double y = purchased[i] ? 1 : 0;
      positives += purchased[i] ? 1 : 0;
      squared += (predicted[i] - y) * (predicted[i] - y);
    }
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> predicted[i]));
    return new HoldoutMetrics(
        n,
        positives,
        n == 0 ? null : squared / n,
        auc(predicted, purchased, order, positives),
        reliability(predicted, purchased, order));
  }

  /**
   * Mann–Whitney: (sum of the buyers' ranks − n₁(n₁+1)/2) / (n₁·n₀), tied predictions sharing their
   * average rank.
   */
  private static Double auc(double[] p, boolean[] y, Integer[] order, long positives) {
    long negatives = p.length - positives;
    if (positives == 0 || negatives == 0) {
      return null;
    }
    double rankSum = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && p[order[j + 1]] == p[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (y[order[k]]) {
          rankSum += averageRank;
        }
      }
      i = j + 1;
    }
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  private static List<Bin> reliability(double[] p, boolean[] y, Integer[] order) {
    int n = p.length;
    int bins = Math.min(DECILES, n);
    List<Bin> out = new ArrayList<>(bins);
    for (int b = 0; b < bins; b++) {
      int from = (int) ((long) b * n / bins);
      int to = (int) ((long) (b + 1) * n / bins);
      double sumP = 0;
      long buyers = 0;
      for (int k = from; k < to; k++) {
        sumP += p[order[k]];
        buyers += y[order[k]] ? 1 : 0;
      }
      int size = to - from;
      out.add(new Bin(b + 1, size, sumP / size, (double) buyers / size));
    }
    return List.copyOf(out);
  }
}
