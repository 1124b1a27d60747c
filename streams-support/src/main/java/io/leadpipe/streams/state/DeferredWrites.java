package io.leadpipe.streams.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Store writes held back to the end of one step of a stream thread: a punctuation that forwards
 * many records, each of which moves the same few keys (counters). A writer keeps the latest value
 * of each key it moved and writes each once when the step ends, instead of once per record.
 *
 * <p>Sound because Streams commits only between steps: a stream thread runs a punctuation (and
 * everything its forwards set off, in the same task) to its end before it commits, so the writes
 * made at the end of the step go in the same transaction as the records the step forwarded. The
 * writers are written even when the step throws: what they hold matches the other writes the step
 * made before it failed.
 *
 * <p>Per thread, because a step and the processors it forwards to run on one stream thread. Outside
 * a step a writer writes at once.
 */
public final class DeferredWrites {

  /** Something holding writes back until the step ends. */
  public interface Writer {

    /** Writes what was held back. */
    void writeHeld();
  }

  /**
   * Writes of one kind (a store's puts and deletes) held through a step: the latest value of each
   * key, written once at the step's end; outside a step, written at once.
   */
  public static final class Held<K, V> implements Writer {

    private final Map<K, V> held = new HashMap<>();
    private final BiConsumer<K, V> write;

    /**
     * @param write writes one key's value (a put, or a delete for a value that means none)
     */
    public Held(BiConsumer<K, V> write) {
      this.write = write;
    }

    /** The value last given for {@code key} in this step and not yet written; null if none. */
    public V get(K key) {
      return held.get(key);
    }

    /** Writes at once outside a step; within one, holds the value until the step ends. */
    public void put(K key, V value) {
      if (holdFor(this)) {
        held.put(key, value);
      } else {
        write.accept(key, value);
      }
    }

    @Override
    public void writeHeld() {
      held.forEach(write);
      held.clear();
    }
  }

  private static final ThreadLocal<DeferredWrites> OPEN = new ThreadLocal<>();

  /** The writers holding writes in this step, each once, in the order they first held one. */
  private final List<Writer> writers = new ArrayList<>();

  private DeferredWrites() {}

  /**
   * Runs a step whose writers may hold their writes to its end. A step within a step is part of the
   * outer one.
   */
  public static void during(Runnable step) {
    if (OPEN.get() != null) {
      step.run();
      return;
    }
    DeferredWrites scope = new DeferredWrites();
    OPEN.set(scope);
    try {
      step.run();
    } finally {
      OPEN.remove();
      scope.writers.forEach(Writer::writeHeld);
    }
  }

  /**
   * Whether {@code writer} may hold its writes: true within a step, which then calls it once at its
   * end; false outside one, where the writer writes at once.
   */
  public static boolean holdFor(Writer writer) {
    DeferredWrites scope = OPEN.get();
    if (scope == null) {
      return false;
    }
    // A step's writers are few (one per task's tally); a list scan beats hashing here.
    for (Writer w : scope.writers) {
      if (w == writer) {
        return true;
      }
    }
    scope.writers.add(writer);
    return true;
  }
}
