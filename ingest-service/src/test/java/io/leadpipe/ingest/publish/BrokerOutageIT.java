package io.leadpipe.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.ingest.testing.IngestApp;
import io.leadpipe.ingest.testing.IngestClient;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Given a running ingest service, when the broker stops, then every request gets 503 with
 * Retry-After (never a success for an event Kafka did not acknowledge) and readiness goes DOWN;
 * when the broker is back, events are accepted again without restarting ingest.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class BrokerOutageIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int REQUESTS_DURING_OUTAGE = 8;
  private static KafkaTestEnvironment env;
  private static IngestApp app;

  @BeforeAll
  static void start(KafkaTestEnvironment environment) {
    env = environment;
    app = IngestApp.start(env, Map.of());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void brokerDownMeans503AndNoSuccessThenAcceptedAgainAfterRestart() {
    String visitor = "anon-" + UUID.randomUUID();
    // Given: Kafka takes events (and the value schema is registered and cached).
    await().atMost(WAIT).until(() -> track(visitor, "before").statusCode() == 200);

    env.stopBroker();
    try {
      // When: clients keep sending while the broker is down.
      List<HttpResponse<String>> during =
          IntStream.range(0, REQUESTS_DURING_OUTAGE)
              .mapToObj(i -> CompletableFuture.supplyAsync(() -> track(visitor, "during-" + i)))
              .toList()
              .stream()
              .map(CompletableFuture::join)
              .toList();

      // Then: none gets a success; each is told to come back later.
      assertThat(during)
          .allSatisfy(
              response -> {
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
                assertThat(IngestClient.json(response).get("type").asText())
                    .endsWith("/unavailable");
              });
      await().atMost(WAIT).until(() -> app.client().get("/health/readiness").statusCode() == 503);
    } finally {
      env.startBroker();
    }

    // When the broker is back: ready again, and events are accepted and stored.
    await().atMost(WAIT).until(() -> app.client().get("/health/readiness").statusCode() == 200);
    await().atMost(WAIT).until(() -> track(visitor, "after").statusCode() == 200);
    List<String> stored =
        env
            .consumeUntil(
                Topics.WEB_EVENTS.name(),
                IngestApp.keys(),
                app.deserializer(Topics.WEB_EVENTS),
                rs ->
                    rs.stream().anyMatch(r -> r.value().getMessageId().equals(visitor + "-after")),
                WAIT)
            .stream()
            .map(r -> r.value())
            .filter(e -> visitor.equals(e.getAnonymousId()))
            .map(WebEvent::getMessageId)
            .toList();
    assertThat(stored).contains(visitor + "-before", visitor + "-after");
  }

  private static HttpResponse<String> track(String visitor, String suffix) {
    return app.client()
        .post(
            "/v1/track",
            """
        {"anonymousId": "%s", "messageId": "%s-%s", "event": "Product Viewed", "properties": {"product_id": "p1"}}"""
                .formatted(visitor, visitor, suffix),
            IngestApp.WRITE_KEY);
  }
}
