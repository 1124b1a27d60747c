package io.leadpipe.dashboard.traffic;

import io.leadpipe.dashboard.support.RingBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Event rate per topic: (sum of end offsets now − sum at the previous sample) / seconds between the
 * samples. Transactional producers also write one commit marker per partition and transaction, so
 * on topics written with exactly-once the figure slightly overstates records; it is a rate of
 * offsets, which is what lag is measured in.
 */
public final class TopicRates {

  /** One sample: when, and events per second per topic (to two decimals). */
  public record Sample(Instant at, Map<String, Double> perSecond) {}

  private static final double TWO_DECIMALS = 100.0;

  private final RingBuffer<Sample> history;
  private Instant previousAt;
  private Map<String, Long> previousEnds = Map.of();

  public TopicRates(int historySize) {
    this.history = new RingBuffer<>(historySize);
  }

  /**
   * Records the end-offset sums per topic read at {@code at}; the first sample of a topic only sets
   * its base.
   */
  public synchronized void record(Instant at, Map<String, Long> endOffsets) {
    if (previousAt != null && at.isAfter(previousAt)) {
      double seconds = Duration.between(previousAt, at).toMillis() / 1000.0;
      Map<String, Double> rates = new TreeMap<>();
      endOffsets.forEach(
          (topic, end) -> {
            Long before = previousEnds.get(topic);
            if (before != null) {
              // A deleted and re-created topic starts again at 0: no negative rates.
              rates.put(
                  topic,
                  Math.round(Math.max(0, end - before) / seconds * TWO_DECIMALS) / TWO_DECIMALS);
            }
          });
      history.add(new Sample(at, rates));
    }
    previousAt = at;
    previousEnds = Map.copyOf(endOffsets);
  }

  /** Samples, oldest first. */
  public List<Sample> history() {
    return history.toList();
  }

  /** The latest sample, or null before two samples were taken. */
  public Sample latest() {
    return history.latest();
  }

  /**
   * End offsets (records ever written, plus transaction markers) per topic at the latest reading.
   */
  public synchronized Map<String, Long> endOffsets() {
    return new TreeMap<>(previousEnds);
  }
}
