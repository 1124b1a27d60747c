package io.leadpipe.scoring.query;

import io.micronaut.core.annotation.Nullable;

/** A listing merged over the instances' shares, marked with how each partition was read. */
public interface MergedListing {

  /** How each partition was read; null on an instance's own share, which is not merged. */
  @Nullable
  Coverage coverage();
}
