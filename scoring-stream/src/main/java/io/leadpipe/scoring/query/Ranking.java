package io.leadpipe.scoring.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Top prospects across instances: each instance ranks its own profiles and keeps only its best
 * {@code offset + limit} (the page cannot contain any other of its prospects), the coordinator
 * merges those partial rankings and cuts the page. Memory is bounded by the page end, not by the
 * number of profiles.
 */
public final class Ranking {

  private Ranking() {}

  /**
   * The best {@code keep} of {@code prospects} that match {@code filter}, with the count of all
   * that match.
   */
  public static ProspectPage top(
      Iterable<ProspectSummary> prospects, ProspectFilter filter, ProspectSort sort, int keep) {
    Comparator<ProspectSummary> order = sort.order();
    // A heap whose head is the worst kept prospect, so a better one replaces it in O(log keep).
    PriorityQueue<ProspectSummary> best = new PriorityQueue<>(order.reversed());
    long total = 0;
    for (ProspectSummary p : prospects) {
      if (!filter.matches(p)) {
        continue;
      }
      total++;
      if (keep == 0) {
        continue;
      }
      if (best.size() < keep) {
        best.add(p);
      } else if (order.compare(p, best.peek()) < 0) {
        best.poll();
        best.add(p);
      }
    }
    List<ProspectSummary> items = new ArrayList<>(best);
    items.sort(order);
    return new ProspectPage(total, 0, keep, sort.param(), List.copyOf(items));
  }

  /** The page {@code [offset, offset + limit)} of the merged partial rankings; totals add up. */
  public static ProspectPage merge(
      Collection<ProspectPage> partials, ProspectSort sort, int offset, int limit) {
    long total = partials.stream().mapToLong(ProspectPage::total).sum();
    List<ProspectSummary> page =
        partials.stream()
            .flatMap(p -> p.items().stream())
            .sorted(sort.order())
            .skip(offset)
            .limit(limit)
            .toList();
    return new ProspectPage(total, offset, limit, sort.param(), page);
  }
}
