package io.leadpipe.scoring.history;

/**
 * How much score history a profile keeps: at most {@code size} snapshots, one per UTC day (the
 * day's latest), plus a kept snapshot whenever a score moved by at least {@code significantChange}
 * points.
 */
public record HistoryRules(int size, double significantChange) {

  public HistoryRules {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1");
    }
  }

  /**
   * Ten snapshots: about a fortnight of an active visitor's days, or the last jumps of a busy one.
   */
  public static HistoryRules defaults() {
    return new HistoryRules(10, 10);
  }
}
