package io.leadpipe.scoring.app;

import io.micronaut.runtime.Micronaut;

/**
 * scoring-stream as a service: the prospect-profile Streams application, the admin segments API and
 * the query API on one port (8082).
 */
public final class ScoringApplication {
  private ScoringApplication() {}

  public static void main(String[] args) {
    Micronaut.run(ScoringApplication.class, args);
  }
}
