package io.leadpipe.scoring.segment;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The bookkeeping of re-evaluating a task's profiles after a definition change, without Kafka
 * types: whether the definitions differ from what the memberships reflect, and a walk over the
 * profile stores in bounded chunks that remembers the last key done. {@link SegmentMembership}
 * supplies the stores and the evaluation, and persists {@link #cursor()} with each chunk.
 */
public final class ReevaluationPass {

  /** The stores a pass walks, in this order. */
  public enum Stage {
    /** Ids standing alone (linked ids are skipped by the visitor: their person is evaluated). */
    PROFILE_STATES,
    /** People: the merged state of linked ids, under the canonical id. */
    MERGED_STATES;

    Stage next() {
      return this == PROFILE_STATES ? MERGED_STATES : null;
    }
  }

  /** An open walk over a store's keys in order; closed after each chunk. */
  public interface Walk<V> extends Iterator<Map.Entry<String, V>>, AutoCloseable {
    @Override
    void close();
  }

  /** The stores: a walk from {@code fromInclusive} (null: the first key) to the end. */
  public interface Source<V> {
    Walk<V> from(Stage stage, String fromInclusive);
  }

  /** Re-evaluates one profile; true when its membership changed (and output was produced). */
  public interface Visitor<V> {
    boolean visit(Stage stage, String key, V value);
  }

  private ReevaluationCursor cursor;
  private boolean dirty;

  private ReevaluationPass(ReevaluationCursor cursor, boolean dirty) {
    this.cursor = cursor;
    this.dirty = dirty;
  }

  /**
   * The task's pass at start: the stored cursor (null when the task never stored one) against the
   * definitions as they are now. A change made while the application was down, or one a crash cut
   * short, starts or resumes a pass. With no cursor stored there is nothing to go by: an empty task
   * has nothing to re-evaluate, one with profiles (stored before cursors existed) is walked once.
   */
  public static ReevaluationPass atStart(
      ReevaluationCursor stored,
      Map<String, Integer> current,
      boolean hasProfiles,
      LongSupplier estimatedKeys) {
    if (stored == null && !hasProfiles) {
      return new ReevaluationPass(idle(current, 0, 0, 0), true);
    }
    ReevaluationPass pass =
        new ReevaluationPass(
            stored != null ? stored : new ReevaluationCursor(null, null, null, null, 0, 0, 0),
            false);
    pass.onDefinitions(current, estimatedKeys);
    return pass;
  }

  private static ReevaluationCursor idle(
      Map<String, Integer> applied, long done, long total, long changed) {
    return new ReevaluationCursor(applied, null, null, null, done, total, changed);
  }

  /**
   * The definitions now: a pass starts when they differ from what the memberships reflect, and
   * restarts from the first key when they differ from what the running pass applies (profiles
   * already walked may be walked again; an unchanged membership produces nothing).
   *
   * @return whether a pass (re)started
   */
  public boolean onDefinitions(Map<String, Integer> current, LongSupplier estimatedKeys) {
    Map<String, Integer> wanted = cursor.running() ? cursor.target() : cursor.applied();
    if (Objects.equals(wanted, current)) {
      return false;
    }
    cursor =
        new ReevaluationCursor(
            cursor.applied(), current, Stage.PROFILE_STATES, null, 0, estimatedKeys.getAsLong(), 0);
    dirty = true;
    return true;
  }

  /**
   * Walks at most {@code budget} keys from where the pass stopped, stage after stage, and stops
   * early once {@code timeBudgetNanos} have passed on {@code nanoTicker} (after at least one key,
   * so every chunk makes progress): the stream thread gets back to live records after a bounded
   * time whatever a profile costs. When the last stage is through, the memberships reflect the
   * pass's versions and the pass ends.
   *
   * @return the number of keys walked
   */
  public <V> int runChunk(
      int budget,
      long timeBudgetNanos,
      LongSupplier nanoTicker,
      Source<V> source,
      Visitor<V> visitor) {
    if (!cursor.running()) {
      return 0;
    }
    long started = nanoTicker.getAsLong();
    Stage stage = cursor.stage();
    String lastKey = cursor.lastKey();
    long done = cursor.done();
    long changed = cursor.changed();
    int walked = 0;
    boolean more = false;
    while (stage != null && !more) {
      // The store's range starts at the key given: the last key done is skipped, not redone.
      try (Walk<V> walk = source.from(stage, lastKey)) {
        while (walk.hasNext()) {
          Map.Entry<String, V> entry = walk.next();
          if (entry.getKey().equals(lastKey)) {
            continue;
          }
          if (walked == budget
              || (walked > 0 && nanoTicker.getAsLong() - started >= timeBudgetNanos)) {
            more = true;
            break;
          }
          if (visitor.visit(stage, entry.getKey(), entry.getValue())) {
            changed++;
          }
          lastKey = entry.getKey();
          walked++;
          done++;
        }
      }
      if (!more) {
        stage = stage.next();
        lastKey = null;
      }
    }
    long total = Math.max(cursor.total(), done);
    cursor =
        stage == null
            ? idle(cursor.target(), done, total, changed)
            : new ReevaluationCursor(
                cursor.applied(), cursor.target(), stage, lastKey, done, total, changed);
    dirty = true;
    return walked;
  }

  public ReevaluationCursor cursor() {
    return cursor;
  }

  public boolean running() {
    return cursor.running();
  }

  /** True once after each change of the cursor: the caller then stores it. */
  public boolean takeDirty() {
    boolean was = dirty;
    dirty = false;
    return was;
  }
}
