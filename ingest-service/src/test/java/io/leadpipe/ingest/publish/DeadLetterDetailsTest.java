package io.leadpipe.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.leadpipe.ingest.auth.SourceKind;
import io.leadpipe.ingest.event.MappedEvent;
import io.leadpipe.ingest.event.RequestMeta;
import io.leadpipe.service.problem.Violation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A dead letter of ingest records what a replay needs, and no more than an event would carry. */
class DeadLetterDetailsTest {

  @Test
  void aBatchItemsDeadLetterKeepsTheSourceNameBatchFactsAndAnAnonymisedAddress() {
    Instant sentAt = Instant.parse("2026-12-03T08:00:00Z");
    RequestMeta meta =
        new RequestMeta(
            "backend",
            SourceKind.SERVER,
            "/v1/batch",
            sentAt.plusSeconds(2),
            "203.0.113.77",
            "shop-backend/2.1",
            JsonNodeFactory.instance.objectNode().put("locale", "de-DE"),
            sentAt);
    MappedEvent.Rejected rejected =
        new MappedEvent.Rejected(
            3, "track", "m-1", "v-1", "invalid-event", List.of(new Violation("event", "x")), null);

    Map<String, String> details = EventPublisher.details(rejected, meta);

    assertThat(details)
        .containsEntry("index", "3")
        .containsEntry("callType", "track")
        .containsEntry("messageId", "m-1")
        .containsEntry("sourceName", "backend")
        .containsEntry("batchSentAt", sentAt.toString())
        .containsEntry("batchContext", "{\"locale\":\"de-DE\"}")
        .containsEntry("userAgent", "shop-backend/2.1")
        .containsEntry("clientIp", "203.0.113.0");
  }

  @Test
  void aSingleCallWithoutAddressRecordsNoBatchFacts() {
    RequestMeta meta =
        new RequestMeta(
            "demo-shop", SourceKind.BROWSER, "/v1/track", Instant.EPOCH, null, null, null, null);
    MappedEvent.Rejected rejected =
        new MappedEvent.Rejected(0, "track", null, null, "invalid-event", List.of(), null);

    assertThat(EventPublisher.details(rejected, meta))
        .containsOnlyKeys("index", "callType", "messageId", "sourceName")
        .containsEntry("messageId", "");
  }
}
