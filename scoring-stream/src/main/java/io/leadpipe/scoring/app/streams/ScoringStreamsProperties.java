package io.leadpipe.scoring.app.streams;

import io.leadpipe.streams.runtime.StreamsProperties;
import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code leadpipe.scoring.streams.*}: the prospect-profile application ({@code leadpipe-scoring}).
 */
@ConfigurationProperties("leadpipe.scoring.streams")
public class ScoringStreamsProperties extends StreamsProperties {

  public static final String DEFAULT_APPLICATION_ID = "leadpipe-scoring";

  /**
   * The record cache of all the application's cached stores (about twenty, per task): at the
   * Streams default of 10 MiB it filled between commits, and evicting a dirty entry flushes its
   * whole store, so a visitor's updates reached the changelogs several times per commit (5.2
   * records written per input; 3.7 at 64 MiB, docs/benchmarks.md). Costs about 40 MiB of heap.
   */
  static final long DEFAULT_CACHE_BYTES = 64L * 1024 * 1024;

  public ScoringStreamsProperties() {
    super(DEFAULT_APPLICATION_ID);
    setCacheMaxBytes(DEFAULT_CACHE_BYTES);
  }
}
