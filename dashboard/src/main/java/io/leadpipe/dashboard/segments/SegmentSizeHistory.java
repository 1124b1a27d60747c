package io.leadpipe.dashboard.segments;

import io.leadpipe.dashboard.support.RingBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Members per segment sampled every few seconds into a bounded ring, so a freshly opened page shows
 * history.
 */
public final class SegmentSizeHistory {

  /** Members per segment id at one moment. */
  public record Sample(Instant at, Map<String, Long> sizes) {}

  private final RingBuffer<Sample> samples;

  public SegmentSizeHistory(int historySize) {
    this.samples = new RingBuffer<>(historySize);
  }

  public void record(Instant at, Map<String, Long> sizes) {
    samples.add(new Sample(at, new TreeMap<>(sizes)));
  }

  /** Samples, oldest first. */
  public List<Sample> history() {
    return samples.toList();
  }
}
