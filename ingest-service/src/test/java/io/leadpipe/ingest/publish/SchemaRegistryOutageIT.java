package io.leadpipe.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Given the schema registry unreachable, a freshly started ingest (no schema id known yet) is not
 * ready and answers 503 with a problem saying the registry is unreachable, never a success; once
 * the registry is back it becomes ready and accepts events by itself. An ingest that already knows
 * its schema ids keeps accepting through a later registry outage, and a consumer that already read
 * a record of the type keeps decoding new ones from its cache.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class SchemaRegistryOutageIT {

  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void producersFailClearlyWithoutTheRegistryAndRecoverWhenItIsBack(KafkaTestEnvironment env) {
    String visitor = "sr-" + UUID.randomUUID();
    env.stopSchemaRegistry();
    try (IngestApp app = IngestApp.start(env, Map.of())) {
      try {
        // When events arrive while no schema id can be had
        HttpResponse<String> refused = track(app, visitor, "during-outage");

        // Then they are refused as unavailable, saying why, and ingest reports itself not ready
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        JsonNode problem = IngestClient.json(refused);
        assertThat(problem.get("type").asText())
            .isEqualTo("https://leadpipe.io/problems/unavailable");
        assertThat(problem.get("detail").asText()).contains("schema registry is unreachable");
        HttpResponse<String> readiness = app.client().get("/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body())
            .contains("schema-registry")
            .contains("schema registry unreachable");
      } finally {
        env.startSchemaRegistry();
      }

      // When the registry is back, ingest is ready again and stores events, without a restart
      await().atMost(WAIT).until(() -> app.client().get("/health/readiness").statusCode() == 200);
      assertThat(track(app, visitor, "after-outage").statusCode()).isEqualTo(200);
      List<String> stored =
          env
              .consumeUntil(
                  Topics.WEB_EVENTS.name(),
                  IngestApp.keys(),
                  app.deserializer(Topics.WEB_EVENTS),
                  rs ->
                      rs.stream()
                          .anyMatch(
                              r -> r.value().getMessageId().equals(visitor + "-after-outage")),
                  WAIT)
              .stream()
              .map(r -> r.value().getMessageId())
              .filter(id -> id.startsWith(visitor))
              .toList();
      assertThat(stored)
          .as("nothing refused during the outage was stored")
          .containsExactly(visitor + "-after-outage");
    }
  }

  @Test
  void schemaIdsAlreadyKnownCarryProducersAndConsumersThroughARegistryOutage(
      KafkaTestEnvironment env) {
    String visitor = "sr-cached-" + UUID.randomUUID();
    try (IngestApp app = IngestApp.start(env, Map.of())) {
      // Given an ingest that knows its schema ids, and a consumer that has decoded one record of
      // the type
      await().atMost(WAIT).until(() -> app.client().get("/health/readiness").statusCode() == 200);
      assertThat(track(app, visitor, "before").statusCode()).isEqualTo(200);
      Deserializer<WebEvent> warmConsumer = app.deserializer(Topics.WEB_EVENTS);
      env.consumeUntil(
          Topics.WEB_EVENTS.name(),
          IngestApp.keys(),
          warmConsumer,
          rs -> rs.stream().anyMatch(r -> r.value().getMessageId().equals(visitor + "-before")),
          WAIT);

      env.stopSchemaRegistry();
      try {
        // When events of every call type arrive during the outage, then they are accepted and
        // ingest stays ready
        int events = 0;
        for (String path : List.of("/v1/track", "/v1/page", "/v1/identify", "/v1/social")) {
          HttpResponse<String> answer =
              app.client()
                  .post(
                      path,
                      """
              {"anonymousId": "%s", "userId": "u-%s", "messageId": "%s-%s", "event": "Product Viewed",
               "network": "instagram", "kind": "like"}"""
                          .formatted(visitor, visitor, visitor, path),
                      IngestApp.WRITE_KEY);
          assertThat(answer.statusCode())
              .as("%s during the registry outage: %s", path, answer.body())
              .isEqualTo(200);
          events++;
        }
        assertThat(app.client().get("/health/readiness").statusCode()).isEqualTo(200);

        // And the consumer keeps decoding new records with the schema it already has
        String during = visitor + "-/v1/track";
        List<String> decoded =
            env
                .consumeUntil(
                    Topics.WEB_EVENTS.name(),
                    IngestApp.keys(),
                    warmConsumer,
                    rs -> rs.stream().anyMatch(r -> r.value().getMessageId().equals(during)),
                    WAIT)
                .stream()
                .map(r -> r.value().getMessageId())
                .filter(id -> id.startsWith(visitor))
                .toList();
        assertThat(decoded).contains(visitor + "-before", during, visitor + "-/v1/page");
        System.out.printf(
            "[registry-outage] %d events accepted and decoded from cached schema ids while the registry "
                + "was down%n",
            events);
      } finally {
        env.startSchemaRegistry();
      }
    }
  }

  private static HttpResponse<String> track(IngestApp app, String visitor, String suffix) {
    return app.client()
        .post(
            "/v1/track",
            """
        {"anonymousId": "%s", "messageId": "%s-%s", "event": "Product Viewed", "properties": {"product_id": "p1"}}"""
                .formatted(visitor, visitor, suffix),
            IngestApp.WRITE_KEY);
  }
}
