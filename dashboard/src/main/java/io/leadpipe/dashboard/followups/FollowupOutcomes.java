package io.leadpipe.dashboard.followups;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The notifier's decisions, counted: SENT per play, SUPPRESSED / DELAYED / CANCELLED per reason,
 * and per play the buyers it recovered (RECOVERED decisions, one per attributed purchase) with
 * their revenue — "which plays work". Bounded by the (fixed) sets of plays, outcomes and reasons.
 */
public final class FollowupOutcomes {

  /** Decisions of one outcome, by play (sent) or by reason (the others). */
  public record Breakdown(long total, Map<String, Long> counts) {}

  /**
   * One play: follow-ups sent with it, buyers recovered after it, their revenue, recovered / sent.
   */
  public record PlayResult(
      String play, long sent, long recovered, double revenue, Double recoveryRate) {}

  public record Summary(
      Breakdown sent,
      Breakdown suppressed,
      Breakdown delayed,
      Breakdown cancelled,
      List<PlayResult> plays,
      long recoveredBuyers,
      double recoveredRevenue) {}

  private final Map<String, Long> sentByPlay = new TreeMap<>();
  private final Map<String, Long> suppressedByReason = new TreeMap<>();
  private final Map<String, Long> delayedByReason = new TreeMap<>();
  private final Map<String, Long> cancelledByReason = new TreeMap<>();
  private final Map<String, Long> recoveredByPlay = new TreeMap<>();
  private final Map<String, Double> revenueByPlay = new TreeMap<>();

  /**
   * @param outcome SENT, DELAYED, SUPPRESSED, CANCELLED or RECOVERED
   * @param reason the decision's reason code
   * @param play the play, or null when the decision has none
   * @param revenue RECOVERED: the attributed order's revenue, or null
   */
  public synchronized void decided(String outcome, String reason, String play, Double revenue) {
    String playName = play == null ? "NONE" : play;
    switch (outcome) {
      case "SENT" -> sentByPlay.merge(playName, 1L, Long::sum);
      case "SUPPRESSED" -> suppressedByReason.merge(reason, 1L, Long::sum);
      case "DELAYED" -> delayedByReason.merge(reason, 1L, Long::sum);
      case "CANCELLED" -> cancelledByReason.merge(reason, 1L, Long::sum);
      case "RECOVERED" -> {
        recoveredByPlay.merge(playName, 1L, Long::sum);
        revenueByPlay.merge(playName, revenue == null ? 0.0 : revenue, Double::sum);
      }
      default -> throw new IllegalArgumentException("Unknown decision outcome " + outcome);
    }
  }

  public synchronized Summary snapshot() {
    Set<String> plays = new HashSet<>(sentByPlay.keySet());
    plays.addAll(recoveredByPlay.keySet());
    List<PlayResult> results = new ArrayList<>();
    for (String play : plays) {
      long sent = sentByPlay.getOrDefault(play, 0L);
      long recovered = recoveredByPlay.getOrDefault(play, 0L);
      results.add(
          new PlayResult(
              play,
              sent,
              recovered,
              revenueByPlay.getOrDefault(play, 0.0),
              sent == 0 ? null : (double) recovered / sent));
    }
    results.sort(
        Comparator.comparingLong(PlayResult::recovered)
            .reversed()
            .thenComparing(Comparator.comparingLong(PlayResult::sent).reversed())
            .thenComparing(PlayResult::play));
    return new Summary(
        breakdown(sentByPlay),
        breakdown(suppressedByReason),
        breakdown(delayedByReason),
        breakdown(cancelledByReason),
        results,
        sum(recoveredByPlay),
        revenueByPlay.values().stream().mapToDouble(Double::doubleValue).sum());
  }

  private static Breakdown breakdown(Map<String, Long> counts) {
    return new Breakdown(sum(counts), new TreeMap<>(counts));
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
