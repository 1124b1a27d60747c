package io.leadpipe.localstack.demo;

import java.util.Map;

/**
 * One call a simulated shopper makes to the ingest API, {@code offsetMs} after their visit starts.
 *
 * @param endpoint {@code BATCH} messages are Segment-style calls (track, page, identify, alias)
 *     sent through {@code /v1/batch}; {@code SOCIAL} ones are social interactions for {@code
 *     /v1/social}
 */
public record DemoCall(long offsetMs, Endpoint endpoint, Map<String, Object> body) {

  public enum Endpoint {
    BATCH,
    SOCIAL
  }
}
