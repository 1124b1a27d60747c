package io.leadpipe.streams.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Store writes held back to the end of one step of a stream thread: a punctuation that forwards
 * many records, each of which moves the same few keys (counters). A {@link Held} keeps the latest
 * value of each key it was given and writes each once when the step ends, instead of once per
 * record.
 *
 * <p>Sound because Streams commits only between steps: a stream thread runs a punctuation (and
 * everything its forwards set off, in the same task) to its end before it commits, so the writes
 * made at the end of the step go in the same transaction as the records the step forwarded. What is
 * held is written even when the step throws: it matches the other writes the step made before it
 * failed.
 *
 * <p>Per thread, because a step and the processors it forwards to run on one stream thread. Outside
 * a step a {@link Held} writes at once.
 */
public final class DeferredWrites {

  /**
   * Writes of one kind (a store's puts and deletes) held through a step: the latest value of each
   * key, written once at the step's end; outside a step, written at once.
   */
  public static final class Held<K, V> {

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
      DeferredWrites step = OPEN.get();
      if (step == null) {
        write.accept(key, value);
      } else {
        step.holding(this);
        held.put(key, value);
      }
    }

    /** Writes what is held now, before the step ends (the holder is about to forget state). */
    public void writeHeld() {
      held.forEach(write);
      held.clear();
    }
  }

  private static final ThreadLocal<DeferredWrites> OPEN = new ThreadLocal<>();

  /** What holds writes in this step, each once, in the order it first held one. */
  private final List<Held<?, ?>> holders = new ArrayList<>();

  private DeferredWrites() {}

  /**
   * Runs a step whose {@link Held} writes wait for its end. A step within a step is part of the
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
      scope.holders.forEach(Held::writeHeld);
    }
  }

  private void holding(Held<?, ?> holder) {
    // A step's holders are few (two per task's tally); a list scan beats hashing here.
    for (Held<?, ?> h : holders) {
      if (h == holder) {
        return;
      }
    }
    holders.add(holder);
  }
}
