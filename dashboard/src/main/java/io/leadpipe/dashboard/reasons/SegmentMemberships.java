package io.leadpipe.dashboard.reasons;

import io.leadpipe.dashboard.support.LruMap;
import java.util.HashSet;
import java.util.Set;

/**
 * Which segments each visitor is in, replayed from ENTERED/EXITED segment changes, so a hesitation
 * can be counted under the segments of its visitor. Bounded: beyond {@code maxVisitors} the least
 * recently changed or looked-up visitor is forgotten (its later hesitations count overall only).
 * Segment names are kept the same way.
 */
public final class SegmentMemberships {
  private final LruMap<String, Set<String>> segmentsByVisitor;
  private final LruMap<String, String> names;

  public SegmentMemberships(int maxVisitors, int maxSegments) {
    this.segmentsByVisitor = new LruMap<>(maxVisitors);
    this.names = new LruMap<>(maxSegments);
  }

  public synchronized void entered(String visitorId, String segmentId, String segmentName) {
    segmentsByVisitor.computeIfAbsent(visitorId, v -> new HashSet<>()).add(segmentId);
    remember(segmentId, segmentName);
  }

  public synchronized void exited(String visitorId, String segmentId, String segmentName) {
    Set<String> segments = segmentsByVisitor.get(visitorId);
    if (segments != null) {
      segments.remove(segmentId);
      if (segments.isEmpty()) {
        segmentsByVisitor.remove(visitorId);
      }
    }
    remember(segmentId, segmentName);
  }

  /** The visitor's current segments (empty when unknown or forgotten). */
  public synchronized Set<String> segmentsOf(String visitorId) {
    Set<String> segments = segmentsByVisitor.get(visitorId);
    return segments == null ? Set.of() : Set.copyOf(segments);
  }

  /** The segment's latest known name, else its id. */
  public synchronized String nameOf(String segmentId) {
    return names.getOrDefault(segmentId, segmentId);
  }

  public synchronized int trackedVisitors() {
    return segmentsByVisitor.size();
  }

  /** Visitors forgotten to stay within the bound since start. */
  public synchronized long forgottenVisitors() {
    return segmentsByVisitor.evicted();
  }

  private void remember(String segmentId, String segmentName) {
    if (segmentName != null && !segmentName.isBlank()) {
      names.put(segmentId, segmentName);
    }
  }
}
