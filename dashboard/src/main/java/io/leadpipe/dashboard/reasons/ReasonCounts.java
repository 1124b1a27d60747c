package io.leadpipe.dashboard.reasons;

import java.util.List;
import java.util.Map;

/** Counts per reason overall and per segment; segments with most counts first. */
public record ReasonCounts(long total, Map<String, Long> overall, List<SegmentReasons> bySegment) {

  /** The counts of the visitors who were in this segment when they were counted. */
  public record SegmentReasons(
      String segmentId, String segmentName, long total, Map<String, Long> reasons) {}
}
