package io.leadpipe.scoring.segment;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter the definitions loader (global thread) bumps on every write to the global definitions
 * store, so each stream task re-reads the definitions only when they changed instead of iterating
 * the store for every profile it evaluates. One per topology instance; the atomic write and read
 * order the store write before the task's re-read.
 */
public final class DefinitionChanges {

  private final AtomicLong changes = new AtomicLong();

  void changed() {
    changes.incrementAndGet();
  }

  public long current() {
    return changes.get();
  }
}
