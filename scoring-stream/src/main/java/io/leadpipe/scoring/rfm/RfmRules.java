package io.leadpipe.scoring.rfm;

import java.util.List;

/**
 * RFM score bands, four ascending thresholds each, giving scores 1-5: recency 5 when the last
 * purchase is at most {@code recencyDays[0]} days ago, down to 1 beyond the last; frequency and
 * monetary 1 + the number of thresholds the purchase count or the total spend reaches.
 */
public record RfmRules(
    List<Integer> recencyDays, List<Integer> frequencyPurchases, List<Double> monetarySpend) {

  public RfmRules {
    recencyDays = ascending(recencyDays, "recencyDays");
    frequencyPurchases = ascending(frequencyPurchases, "frequencyPurchases");
    monetarySpend = ascending(monetarySpend, "monetarySpend");
  }

  /**
   * Within a week, a month, a quarter, half a year; 1, 2, 4, 8 purchases; 50, 150, 400, 1000 spent.
   */
  public static RfmRules defaults() {
    return new RfmRules(
        List.of(7, 30, 90, 180), List.of(1, 2, 4, 8), List.of(50.0, 150.0, 400.0, 1000.0));
  }

  private static <T extends Comparable<T>> List<T> ascending(List<T> thresholds, String name) {
    if (thresholds == null || thresholds.size() != 4) {
      throw new IllegalArgumentException(name + " needs exactly four thresholds");
    }
    for (int i = 1; i < thresholds.size(); i++) {
      if (thresholds.get(i).compareTo(thresholds.get(i - 1)) <= 0) {
        throw new IllegalArgumentException(name + " must be strictly ascending");
      }
    }
    return List.copyOf(thresholds);
  }
}
