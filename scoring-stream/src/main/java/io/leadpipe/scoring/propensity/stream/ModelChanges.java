package io.leadpipe.scoring.propensity.stream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter the model loader (global thread) bumps on every write to the global model store, so a
 * task re-reads the serving model only when it changed, not for every profile. One per topology
 * instance, like the segment definitions' counter.
 */
public final class ModelChanges {

  private final AtomicLong changes = new AtomicLong();

  public void changed() {
    changes.incrementAndGet();
  }

  long current() {
    return changes.get();
  }
}
