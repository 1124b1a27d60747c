package io.leadpipe.scoring.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.testing.ScoringApp;
import io.leadpipe.scoring.testing.WebEvents;
import io.leadpipe.streams.runtime.ManagedStreams;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Poison on {@code leadpipe.segment-definitions}, the global table every instance reads: garbage
 * bytes, an unknown schema id and a valid record of another schema, written before the service
 * starts (read while the global store is bootstrapped) and again while it runs. Each is skipped and
 * counted; the service becomes and stays ready, the admin API still lists and writes definitions,
 * and a segment defined after the poison is evaluated for a visitor.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class SegmentDefinitionPoisonIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final int UNKNOWN_SCHEMA_ID = 99999;

  @Test
  void poisonOnTheGlobalDefinitionsTopicIsSkippedCountedAndSegmentsStillEvaluate(
      KafkaTestEnvironment env) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    int written = writePoison(env, run + "-before-start");
    try (ScoringApp app =
        ScoringApp.start(
            env,
            "faults-definitions-poison-" + run,
            Map.of("leadpipe.hesitations.enabled", false))) {
      app.awaitReady();
      written += writePoison(env, run + "-while-running");

      String segment = "poison-" + run;
      var created =
          app.send(
              HttpRequest.newBuilder(app.uri("/admin/segments"))
                  .header("X-Admin-Key", ScoringApp.ADMIN_KEY)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          """
              {"segmentId": "%s", "name": "Added a cart after the poison",
               "rule": {"attr": "activity.cartAdds", "op": "gte", "value": 1}}"""
                              .formatted(segment))));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

      String visitor = "definitions-poison-" + run;
      WebEvents.send(env, List.of(WebEvents.event(visitor, WebEventType.CART_ADD, Instant.now())));
      await("the segment defined after the poison is evaluated")
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                var profile = app.get("/v1/profiles/" + visitor);
                return profile.statusCode() == 200
                    && profile.body().contains("\"" + segment + "\"");
              });

      ManagedStreams scoring = app.scoring();
      double rejected = rejectedTotal(scoring);
      var listed =
          app.send(
              HttpRequest.newBuilder(app.uri("/admin/segments"))
                  .header("X-Admin-Key", ScoringApp.ADMIN_KEY));
      System.out.println(
          "[definitions-poison] poison records written="
              + written
              + " (half before start), skipped and counted="
              + rejected
              + ", streams "
              + scoring.state().orElseThrow()
              + ", segment evaluated after the poison");

      assertThat(rejected).as("skipped records counted").isEqualTo(written);
      assertThat(listed.statusCode()).isEqualTo(200);
      assertThat(listed.body()).contains("\"" + segment + "\"").doesNotContain("not-a-definition");
      assertThat(app.get("/health/readiness").statusCode()).isEqualTo(200);
    }
  }

  /**
   * Garbage, an unknown schema id and a web event (valid, wrong schema); returns how many were
   * written.
   */
  private static int writePoison(KafkaTestEnvironment env, String tag) {
    byte[] webEvent =
        Topics.WEB_EVENTS
            .valueSerde(env.registryConfig())
            .serializer()
            .serialize(
                Topics.WEB_EVENTS.name(),
                WebEvents.event("not-a-definition", WebEventType.PAGE_VIEW, Instant.now()));
    List<byte[]> poison =
        List.of(
            "not avro at all \u0000\u00ff".getBytes(StandardCharsets.UTF_8),
            ByteBuffer.allocate(9)
                .put((byte) 0)
                .putInt(UNKNOWN_SCHEMA_ID)
                .put(new byte[] {2, 4, 6, 8})
                .array(),
            webEvent);
    try (KafkaProducer<String, byte[]> producer =
        env.producer(new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < poison.size(); i++) {
        producer.send(
            new ProducerRecord<>(
                Topics.SEGMENT_DEFINITIONS.name(),
                "not-a-definition-" + tag + "-" + i,
                poison.get(i)));
      }
      producer.flush();
    }
    return poison.size();
  }

  private static double rejectedTotal(ManagedStreams streams) {
    return streams.streams().orElseThrow().metrics().entrySet().stream()
        .filter(
            e ->
                e.getKey().group().equals("stream-segment-definitions-metrics")
                    && e.getKey().name().equals("rejected-records-total"))
        .mapToDouble(e -> (Double) e.getValue().metricValue())
        .sum();
  }
}
