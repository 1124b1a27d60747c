package io.leadpipe.hesitation.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.hesitation.Events;
import io.leadpipe.hesitation.HesitationTopology;
import io.leadpipe.hesitation.HesitationsReader;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * hesitation-stream as its own service (its own environment and configuration) on the devkit
 * broker.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class HesitationApplicationIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Duration CART_IDLE = Duration.ofSeconds(3);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void onItsOwnItDetectsAHesitationAndReportsHealthMetricsAndDeadLettersUnderItsName(
      KafkaTestEnvironment env) throws Exception {
    String visitor = "app-it-" + run;
    try (HesitationsReader reader =
            new HesitationsReader(env.bootstrapServers(), env.registryConfig(), visitor::equals);
        EmbeddedServer server =
            ApplicationContext.run(
                EmbeddedServer.class, properties(env), HesitationApplication.ENVIRONMENT)) {
      // Given the service started and became ready with its one Streams application
      await("readiness")
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> get(server, "/health/readiness").statusCode() == 200);
      assertThat(get(server, "/health/readiness").body()).contains("\"streams-hesitations\"");

      // When a visitor leaves a cart, and a record that is not an event arrives
      Instant addedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      WebEvent cartAdd = new Events(visitor).add(Events.SHOE, addedAt);
      try (KafkaProducer<String, WebEvent> producer =
          env.producer(
              Topics.WEB_EVENTS.keySerde().serializer(),
              Topics.WEB_EVENTS.valueSerde(env.registryConfig()).serializer())) {
        producer
            .send(new ProducerRecord<>(Topics.WEB_EVENTS.name(), cartAdd.getAnonymousId(), cartAdd))
            .get();
      }
      String poisonKey = "poison-" + run;
      try (KafkaProducer<String, byte[]> producer =
          env.producer(new StringSerializer(), new ByteArraySerializer())) {
        producer
            .send(
                new ProducerRecord<>(
                    Topics.WEB_EVENTS.name(),
                    poisonKey,
                    "not avro".getBytes(StandardCharsets.UTF_8)))
            .get();
      }

      // Then the hesitation is detected once the window is over
      await("the hesitation").atMost(PATIENCE).until(() -> !reader.of(visitor).isEmpty());
      assertThat(reader.of(visitor).get(0).getKind()).isEqualTo(HesitationKind.CART_ABANDONED);
      assertThat(reader.of(visitor).get(0).getDetectedAt())
          .isAfterOrEqualTo(addedAt.plus(CART_IDLE));

      // And the poison record is dead-lettered under the application's own name
      List<ConsumerRecord<String, DeadLetter>> letters =
          env.consumeUntil(
              Topics.DEAD_LETTERS.name(),
              Topics.DEAD_LETTERS.keySerde().deserializer(),
              Topics.DEAD_LETTERS.valueSerde(env.registryConfig()).deserializer(),
              records -> records.stream().anyMatch(r -> poisonKey.equals(r.key())),
              PATIENCE);
      assertThat(letters)
          .filteredOn(r -> poisonKey.equals(r.key()))
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.value().getApplication()).isEqualTo(HesitationTopology.APPLICATION));

      // And its metrics are tagged with that name too
      HttpResponse<String> metrics = get(server, "/prometheus");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("leadpipe_streams_running{application=\"hesitations\"} 1.0")
          .contains("kafka_stream_");
    }
  }

  private Map<String, Object> properties(KafkaTestEnvironment env) throws IOException {
    Map<String, Object> p = new HashMap<>();
    p.put("micronaut.server.port", -1);
    p.put("kafka.bootstrap.servers", env.bootstrapServers());
    p.put("leadpipe.schema-registry.url", env.schemaRegistryUrl());
    // A test must not exit the JVM: a failed application stays down (not ready) instead.
    p.put("leadpipe.streams.exit-on-fatal-error", false);
    p.put("leadpipe.hesitations.fast-demo", true);
    p.put("leadpipe.hesitations.cart-idle", CART_IDLE.toMillis() + "ms");
    p.put("leadpipe.hesitations.streams.application-id", "hesitation-app-it-" + run);
    p.put(
        "leadpipe.hesitations.streams.state-dir",
        Files.createTempDirectory("hesitation-app-it").toString());
    // Short commits keep the test quick on a busy machine; EOS stays on as in production.
    p.put("leadpipe.hesitations.streams.commit-interval", "50ms");
    p.put("leadpipe.hesitations.streams.close-timeout", "10s");
    return p;
  }

  private HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.getURL() + path))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
