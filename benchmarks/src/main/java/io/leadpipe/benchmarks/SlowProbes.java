package io.leadpipe.benchmarks;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When the probes slower than a threshold were answered, as stretches of consecutive seconds: a
 * tail made by one stall of the pipeline shows as one long stretch, a tail spread over the run as
 * many short ones. Each stretch's wall-clock times match the services' logs and recordings.
 *
 * @param thresholdMillis a probe slower than this (to its profile) counts
 * @param slow the probes that did
 * @param stretches the seconds in which they were answered, consecutive ones joined, longest first
 */
record SlowProbes(long thresholdMillis, int slow, List<Stretch> stretches) {

  /**
   * Seconds {@code [first, last]} (epoch seconds, wall clock) in each of which at least one probe
   * answered then took longer than the threshold; {@code probes} of them, the slowest {@code
   * worstMillis}.
   */
  record Stretch(long first, long last, int probes, long worstMillis) {

    long seconds() {
      return last - first + 1;
    }

    @Override
    public String toString() {
      LocalTime from = LocalTime.ofInstant(Instant.ofEpochSecond(first), ZoneOffset.UTC);
      LocalTime to = LocalTime.ofInstant(Instant.ofEpochSecond(last + 1), ZoneOffset.UTC);
      return from.truncatedTo(ChronoUnit.SECONDS)
          + "–"
          + to.truncatedTo(ChronoUnit.SECONDS)
          + " UTC: "
          + probes
          + " probes, slowest "
          + worstMillis
          + " ms";
    }
  }

  /** A probe: when its success answer came (epoch ms, wall clock) and how long its profile took. */
  record Probe(long answeredAtMillis, long toProfileMillis) {}

  static SlowProbes of(List<Probe> probes, long thresholdMillis) {
    List<Probe> slow =
        probes.stream()
            .filter(p -> p.toProfileMillis() > thresholdMillis)
            .sorted(Comparator.comparingLong(Probe::answeredAtMillis))
            .toList();
    List<Stretch> stretches = new ArrayList<>();
    Stretch open = null;
    for (Probe p : slow) {
      long second = Math.floorDiv(p.answeredAtMillis(), 1000);
      if (open != null && second <= open.last() + 1) {
        open =
            new Stretch(
                open.first(),
                second,
                open.probes() + 1,
                Math.max(open.worstMillis(), p.toProfileMillis()));
      } else {
        if (open != null) {
          stretches.add(open);
        }
        open = new Stretch(second, second, 1, p.toProfileMillis());
      }
    }
    if (open != null) {
      stretches.add(open);
    }
    stretches.sort(
        Comparator.comparingLong(Stretch::seconds).reversed().thenComparingLong(Stretch::first));
    return new SlowProbes(thresholdMillis, slow.size(), List.copyOf(stretches));
  }

  /** Seconds of the run in which a slow probe was answered. */
  long seconds() {
    return stretches.stream().mapToLong(Stretch::seconds).sum();
  }

  /** The longest stretch's seconds; 0 when no probe was slow. */
  long longest() {
    return stretches.isEmpty() ? 0 : stretches.get(0).seconds();
  }
}
