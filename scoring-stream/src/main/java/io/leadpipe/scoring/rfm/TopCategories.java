package io.leadpipe.scoring.rfm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Category interest = weighted view/cart/purchase counts; the map is pruned to a bound so state
 * stays small.
 */
public final class TopCategories {

  private TopCategories() {}

  public static Map<String, Double> add(
      Map<String, Double> counts, String category, double weight, int keep) {
    if (category == null || category.isBlank()) {
      return counts;
    }
    Map<String, Double> next = new HashMap<>(counts);
    next.merge(category, weight, Double::sum);
    if (next.size() > keep) {
      List<String> retain = top(next, keep);
      next.keySet().retainAll(retain);
    }
    return next;
  }

  public static List<String> top(Map<String, Double> counts, int n) {
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Double>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .map(Map.Entry::getKey)
        .toList();
  }
}
