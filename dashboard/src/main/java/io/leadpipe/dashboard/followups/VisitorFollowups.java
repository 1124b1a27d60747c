package io.leadpipe.dashboard.followups;

import io.leadpipe.dashboard.support.LruMap;
import io.leadpipe.dashboard.support.RingBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Each visitor's latest follow-up decisions as the feed reads them (what was sent, delayed,
 * suppressed or cancelled, with the strategy and variant), for the prospect page: kept as they
 * arrive, never looked up in the topic. Bounded: the {@code maxVisitors} visitors most recently
 * decided or looked at (the others forgotten first) and their last {@code perVisitor} decisions,
 * from the feed's lookback on.
 */
public final class VisitorFollowups {

  /** One decision as the page shows it; nulls where the decision has none. */
  public record Decision(
      Instant decidedAt,
      String outcome,
      String reason,
      String play,
      Integer step,
      String channel,
      String hesitationReason,
      String strategyId,
      Integer strategyVersion,
      String variantId,
      Instant delayedUntil,
      Double revenue,
      String detail) {}

  private final LruMap<String, RingBuffer<Decision>> byVisitor;
  private final int perVisitor;

  public VisitorFollowups(int maxVisitors, int perVisitor) {
    this.byVisitor = new LruMap<>(maxVisitors);
    this.perVisitor = perVisitor;
    if (perVisitor < 1) {
      throw new IllegalArgumentException("perVisitor must be at least 1, was " + perVisitor);
    }
  }

  public synchronized void decided(String visitorId, Decision decision) {
    byVisitor.computeIfAbsent(visitorId, v -> new RingBuffer<>(perVisitor)).add(decision);
  }

  /** The visitor's kept decisions, newest first; empty when none arrived or they were forgotten. */
  public synchronized List<Decision> of(String visitorId) {
    RingBuffer<Decision> decisions = byVisitor.get(visitorId);
    if (decisions == null) {
      return List.of();
    }
    List<Decision> newestFirst = new ArrayList<>(decisions.toList());
    Collections.reverse(newestFirst);
    return List.copyOf(newestFirst);
  }

  /** Visitors whose decisions were forgotten to stay within the bound. */
  public synchronized long forgottenVisitors() {
    return byVisitor.evicted();
  }
}
