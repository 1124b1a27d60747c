package io.leadpipe.ingest;

import io.micronaut.runtime.Micronaut;

/**
 * The front door: Segment-style tracking API, social events and the browser snippet, publishing to
 * Kafka.
 */
public final class IngestApplication {
  private IngestApplication() {}

  public static void main(String[] args) {
    Micronaut.run(IngestApplication.class, args);
  }
}
