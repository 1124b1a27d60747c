package io.leadpipe.streams.global;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter a global table's loader (on the global thread) bumps after every write to its store, so
 * a stream task that caches what it read from the table (segment definitions, the serving
 * propensity model) reads it again only when it changed, not for every record. One per table and
 * topology instance; the atomic write and read order the store write before the task's re-read.
 */
public final class GlobalTableChanges {

  private final AtomicLong changes = new AtomicLong();

  /** The loader's {@code onChange}. */
  public void changed() {
    changes.incrementAndGet();
  }

  /** Compared with the value a task saw when it last read the table. */
  public long current() {
    return changes.get();
  }
}
