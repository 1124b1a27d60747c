package io.leadpipe.scoring.segment;

import java.util.Map;

/**
 * Where a task's re-evaluation stands, kept per task in {@code segment-reevaluation-store}
 * (changelogged, written in the same transaction as the changes a chunk produces), so a pass
 * interrupted by a crash or a rebalance resumes where it stopped.
 *
 * @param applied the definition versions the task's memberships reflect (segment id → version, -1
 *     when disabled); null when never recorded
 * @param target the versions the running pass applies; null when no pass is running
 * @param stage the store the running pass walks; null when no pass is running
 * @param lastKey the last key of {@code stage} done; null when the stage has not started
 * @param done keys walked by the pass (the last pass, once finished)
 * @param total the stores' estimated number of keys when the pass started (at least {@code done})
 * @param changed profiles whose membership the pass changed
 */
public record ReevaluationCursor(
    Map<String, Integer> applied,
    Map<String, Integer> target,
    ReevaluationPass.Stage stage,
    String lastKey,
    long done,
    long total,
    long changed) {

  public ReevaluationCursor {
    applied = applied == null ? null : Map.copyOf(applied);
    target = target == null ? null : Map.copyOf(target);
  }

  /** Whether a pass is running (not yet through both stores). */
  public boolean running() {
    return target != null;
  }

  /** Keys left to walk (an estimate: the total is the stores' own); 0 when no pass is running. */
  public long remaining() {
    return running() ? Math.max(0, total - done) : 0;
  }
}
