package io.leadpipe.scoring.segment;

import io.leadpipe.scoring.topology.ScoringConfig;

/**
 * The part of each stream thread's time that the re-evaluation passes of all its tasks take
 * together. A stream thread punctuates its tasks one after the other, so a chunk budget per task
 * alone grows with the tasks a thread holds: with the 24 partitions of the Kubernetes deployment on
 * two single-thread instances, twelve 20 ms chunks per 200 ms interval would take the whole thread
 * and live records would wait behind the pass. Each thread keeps its own account per interval
 * (windows of the punctuation's wall-clock time); a task's chunk may spend what is left of it.
 *
 * <p>Once a thread's share of an interval is spent, the tasks punctuated after it wait for the next
 * interval: the passes of one thread then advance task after task, in the same total time.
 *
 * <p>One instance per application instance, shared by its tasks' processors; each stream thread
 * reads and writes only its own account.
 */
public final class ReevaluationShare {

  private static final class Account {
    long window = Long.MIN_VALUE;
    long spentNanos;
  }

  private final long intervalMillis;
  private final long budgetNanos;
  private final ThreadLocal<Account> accounts = ThreadLocal.withInitial(Account::new);

  /**
   * @param settings the interval (one accounting window) and the thread's budget per window (the
   *     interval or more lets the passes take the whole thread); validated where they are bound
   */
  public ReevaluationShare(ScoringConfig.Reevaluation settings) {
    // Streams punctuates at millisecond resolution: a shorter interval is one millisecond.
    this.intervalMillis = Math.max(1, settings.interval().toMillis());
    this.budgetNanos = settings.threadTimeBudget().toNanos();
  }

  /**
   * What a chunk of the calling thread, punctuated at {@code nowMs} (wall clock), may still spend,
   * in nanoseconds: 0 when the thread's share of this interval is spent.
   */
  public long left(long nowMs) {
    Account account = accounts.get();
    long window = Math.floorDiv(nowMs, intervalMillis);
    if (window != account.window) {
      account.window = window;
      account.spentNanos = 0;
    }
    return Math.max(0, budgetNanos - account.spentNanos);
  }

  /** A chunk of the calling thread worked this long (in the window of its {@link #left} call). */
  public void spent(long nanos) {
    accounts.get().spentNanos += nanos;
  }
}
