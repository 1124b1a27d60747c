package io.leadpipe.ingest.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.ingest.auth.SourceKind;
import java.time.Instant;

/**
 * What ingest knows about a request besides its events.
 *
 * @param source the source name the write key belongs to
 * @param sourceKind whether that source's key is a (public) browser key or a server key
 * @param endpoint e.g. {@code /v1/batch}, recorded on dead letters
 * @param receivedAt when the request arrived (one value for every event of a batch)
 * @param clientIp the caller's address as seen by ingest (not yet anonymised), or null
 * @param userAgentHeader the User-Agent header, used when an event's context has none
 * @param batchContext a batch's top-level {@code context}, merged under each event's own, or null
 * @param batchSentAt a batch's top-level {@code sentAt}, used by events without their own, or null
 * @param batchIntegrations a batch's top-level {@code integrations}, merged under each event's own,
 *     or null
 */
public record RequestMeta(
    String source,
    SourceKind sourceKind,
    String endpoint,
    Instant receivedAt,
    String clientIp,
    String userAgentHeader,
    JsonNode batchContext,
    Instant batchSentAt,
    JsonNode batchIntegrations) {

  /** A request without batch-level fields (yet). */
  public RequestMeta(
      String source,
      SourceKind sourceKind,
      String endpoint,
      Instant receivedAt,
      String clientIp,
      String userAgentHeader,
      JsonNode batchContext,
      Instant batchSentAt) {
    this(
        source,
        sourceKind,
        endpoint,
        receivedAt,
        clientIp,
        userAgentHeader,
        batchContext,
        batchSentAt,
        null);
  }

  public RequestMeta forBatch(JsonNode context, JsonNode integrations, Instant sentAt) {
    return new RequestMeta(
        source,
        sourceKind,
        endpoint,
        receivedAt,
        clientIp,
        userAgentHeader,
        context,
        sentAt,
        integrations);
  }
}
