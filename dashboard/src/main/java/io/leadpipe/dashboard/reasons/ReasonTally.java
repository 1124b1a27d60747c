package io.leadpipe.dashboard.reasons;

import io.leadpipe.dashboard.support.LruMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Counts a reason once overall and once under each segment its visitor is in; bounded by the number
 * of segments.
 */
public final class ReasonTally {
  private final Map<String, Long> overall = new TreeMap<>();
  private final LruMap<String, Map<String, Long>> bySegment;
  private long total;

  public ReasonTally(int maxSegments) {
    this.bySegment = new LruMap<>(maxSegments);
  }

  public synchronized void count(String reason, Set<String> segments) {
    total++;
    overall.merge(reason, 1L, Long::sum);
    for (String segment : segments) {
      bySegment.computeIfAbsent(segment, s -> new TreeMap<>()).merge(reason, 1L, Long::sum);
    }
  }

  /**
   * @param nameOf a segment's display name from its id
   */
  public synchronized ReasonCounts snapshot(UnaryOperator<String> nameOf) {
    List<ReasonCounts.SegmentReasons> segments = new ArrayList<>();
    bySegment.forEach(
        (id, reasons) ->
            segments.add(
                new ReasonCounts.SegmentReasons(
                    id,
                    nameOf.apply(id),
                    reasons.values().stream().mapToLong(Long::longValue).sum(),
                    Map.copyOf(reasons))));
    segments.sort(
        Comparator.comparingLong(ReasonCounts.SegmentReasons::total)
            .reversed()
            .thenComparing(ReasonCounts.SegmentReasons::segmentId));
    return new ReasonCounts(total, new TreeMap<>(overall), segments);
  }
}
