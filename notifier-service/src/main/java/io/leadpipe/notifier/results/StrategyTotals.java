package io.leadpipe.notifier.results;

import io.leadpipe.notifier.sequence.SequencePlan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rule: the sums of one strategy, per arm (variant or holdout), and per arm within each hesitation
 * reason and each segment, each the sum of the {@link Exposures.Change}s of its visitors: kept
 * incrementally, one change at a time, never by scanning visitors. A visitor in several segments
 * counts in each segment's cell; one with none counts under {@link #NO_SEGMENT}.
 *
 * @param version the newest strategy version a visitor was assigned under
 * @param arms variant id → sums
 * @param byReason reason → variant id → sums
 * @param bySegment segment id → variant id → sums
 */
public record StrategyTotals(
    String strategyId,
    Integer version,
    long updatedAtMillis,
    Map<String, Sums> arms,
    Map<String, Map<String, Sums>> byReason,
    Map<String, Map<String, Sums>> bySegment) {

  /** The segment cell of visitors in no segment. */
  public static final String NO_SEGMENT = "(none)";

  public StrategyTotals {
    arms = Map.copyOf(arms);
    byReason = Map.copyOf(byReason);
    bySegment = Map.copyOf(bySegment);
  }

  public static StrategyTotals empty(String strategyId) {
    return new StrategyTotals(strategyId, null, 0, Map.of(), Map.of(), Map.of());
  }

  /**
   * The sufficient statistics of one cell: intention to treat (assigned, converted, revenue and its
   * squares) and the delivered subset.
   */
  public record Sums(
      long assigned,
      long converted,
      double revenue,
      double revenueSquares,
      long delivered,
      long deliveredConverted,
      double deliveredRevenue,
      double deliveredRevenueSquares) {
    public static final Sums ZERO = new Sums(0, 0, 0, 0, 0, 0, 0, 0);

    Sums plus(Exposures.Change c) {
      return new Sums(
          assigned + c.assigned(),
          converted + c.converted(),
          revenue + c.revenue(),
          revenueSquares + c.revenueSquares(),
          delivered + c.delivered(),
          deliveredConverted + c.deliveredConverted(),
          deliveredRevenue + c.deliveredRevenue(),
          deliveredRevenueSquares + c.deliveredRevenueSquares());
    }

    /** Everyone assigned to the arm: what the uplift compares. */
    public Uplift.Arm intentionToTreat() {
      return new Uplift.Arm(assigned, converted, revenue, revenueSquares);
    }
  }

  /** The totals with one visitor's change added to its arm, reason and segment cells. */
  public StrategyTotals plus(Exposures.Change c, long atMillis) {
    Map<String, Sums> nextArms = add(arms, c);
    Map<String, Map<String, Sums>> nextReasons = new HashMap<>(byReason);
    String reason = c.reason() == null ? "UNKNOWN" : c.reason().name();
    nextReasons.put(reason, add(byReason.getOrDefault(reason, Map.of()), c));
    Map<String, Map<String, Sums>> nextSegments = new HashMap<>(bySegment);
    List<String> segments = c.segments().isEmpty() ? List.of(NO_SEGMENT) : c.segments();
    for (String segment : segments) {
      nextSegments.put(segment, add(bySegment.getOrDefault(segment, Map.of()), c));
    }
    Integer newest =
        version == null
            ? c.version()
            : c.version() == null ? version : Integer.valueOf(Math.max(version, c.version()));
    return new StrategyTotals(
        strategyId,
        newest,
        Math.max(updatedAtMillis, atMillis),
        nextArms,
        nextReasons,
        nextSegments);
  }

  private static Map<String, Sums> add(Map<String, Sums> cells, Exposures.Change c) {
    Map<String, Sums> next = new HashMap<>(cells);
    next.put(c.variantId(), cells.getOrDefault(c.variantId(), Sums.ZERO).plus(c));
    return next;
  }

  /** The holdout's sums in {@code cells}; zero when no one is held out yet. */
  public static Sums holdout(Map<String, Sums> cells) {
    return cells.getOrDefault(SequencePlan.StrategyRef.HOLDOUT, Sums.ZERO);
  }

  /** Cells in a stable order (by key), for output. */
  public static <V> Map<String, V> sorted(Map<String, V> m) {
    return new TreeMap<>(m);
  }
}
