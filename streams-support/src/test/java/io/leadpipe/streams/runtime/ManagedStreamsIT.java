package io.leadpipe.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.schemas.privacy.PrivacyErasure;
import io.leadpipe.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.health.HealthStatus;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The thread-failure policy on a real broker: a dying thread is replaced, repeated deaths stop the
 * application.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class ManagedStreamsIT {

  @Test
  void aRecordThatKeepsKillingThreadsShutsTheApplicationDownAfterTheLimit(KafkaTestEnvironment env)
      throws Exception {
    // Given an application that fails on "poison", allowed 3 thread deaths within a minute
    String topic = env.createUniqueTopic("poison", 1);
    List<String> fatal = new CopyOnWriteArrayList<>();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    StreamsSettings settings =
        settings(
            "managed-it",
            StreamsConfig.AT_LEAST_ONCE,
            3,
            StreamsSettings.DEFAULT_REGISTRY_BACKOFF,
            StreamsSettings.DEFAULT_REGISTRY_BACKOFF_MAX);
    try (ManagedStreams app =
        new ManagedStreams(
            "poison-test",
            () -> failingOn(topic, "poison"),
            settings,
            env.bootstrapServers(),
            Map.of(),
            meters,
            (name, reason) -> fatal.add(name + ": " + reason),
            Clock.systemUTC())) {
      app.start(new HostInfo("127.0.0.1", 1));
      await().atMost(Duration.ofSeconds(60)).until(app::isRunning);

      // When the poison record arrives (it is never committed, so every replacement thread reads it
      // again)
      try (KafkaProducer<String, String> producer =
          env.producer(new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>(topic, "k", "poison")).get();
      }

      // Then threads are replaced twice, and the third death shuts the application down for good
      // (The dying threads' exceptions are expected here: Awaitility must not treat them as a
      // failure.)
      await()
          .dontCatchUncaughtExceptions()
          .atMost(Duration.ofSeconds(90))
          .until(() -> app.state().orElseThrow() == KafkaStreams.State.ERROR);
      assertThat(
              meters
                  .get("leadpipe.streams.thread.failures")
                  .tag("application", "poison-test")
                  .counter()
                  .count())
          .isEqualTo(3);
      await().atMost(Duration.ofSeconds(10)).until(() -> !fatal.isEmpty());
      assertThat(fatal)
          .singleElement()
          .asString()
          .startsWith("poison-test: thread failures: java.lang.IllegalStateException");
    }
  }

  @Test
  void anUnavailableRegistryPausesTheApplicationWithoutCountingFailuresAndNothingIsLost(
      KafkaTestEnvironment env) throws Exception {
    // Given a valid record whose schema this application has never fetched, and the registry down
    String topic = env.createUniqueTopic("registry-outage", 1);
    byte[] valid =
        Topics.PRIVACY_ERASURES
            .valueSerde(env.registryConfig())
            .serializer()
            .serialize(
                topic,
                PrivacyErasure.newBuilder()
                    .setRequestId("request-1")
                    .setErasedAt(Instant.now())
                    .build());
    try (KafkaProducer<String, byte[]> producer =
        env.producer(new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", valid)).get();
    }
    env.stopSchemaRegistry();
    List<String> read = new CopyOnWriteArrayList<>();
    List<String> fatal = new CopyOnWriteArrayList<>();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    // one counted failure would shut it down: waiting for the registry must not count
    StreamsSettings settings =
        settings(
            "managed-registry-it",
            StreamsConfig.EXACTLY_ONCE_V2,
            1,
            Duration.ofMillis(200),
            Duration.ofSeconds(1));
    try (ManagedStreams app =
        new ManagedStreams(
            "registry-test",
            () -> reading(topic, env.registryConfig(), read),
            settings,
            env.bootstrapServers(),
            env.registryConfig(),
            meters,
            (name, reason) -> fatal.add(name + ": " + reason),
            Clock.systemUTC())) {
      StreamsReadiness readiness = new StreamsReadiness(app);
      try {
        app.start(new HostInfo("127.0.0.1", 1));

        // When it meets the record: it waits for the registry, not ready, not failed
        await()
            .dontCatchUncaughtExceptions()
            .atMost(Duration.ofSeconds(60))
            .until(() -> app.registryUnavailableSince().isPresent());
        assertThat(readiness.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(read).isEmpty();
      } finally {
        env.startSchemaRegistry();
      }

      // Then once the registry answers, the record is processed and the application is ready
      await().atMost(Duration.ofSeconds(60)).until(() -> read.contains("request-1"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> app.registryUnavailableSince().isEmpty() && app.isRunning());
      assertThat(readiness.status()).isEqualTo(HealthStatus.UP);
      assertThat(fatal).isEmpty();
      assertThat(
              meters
                  .get("leadpipe.streams.thread.failures")
                  .tag("application", "registry-test")
                  .counter()
                  .count())
          .isZero();
      assertThat(
              meters
                  .get("leadpipe.streams.registry.outages")
                  .tag("application", "registry-test")
                  .counter()
                  .count())
          .isPositive();
    }
  }

  /** Decodes each record with the erasure schema, through a serde whose cache starts empty. */
  private static Topology reading(String topic, Map<String, Object> registry, List<String> read) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(
            topic, Consumed.with(Serdes.String(), Topics.PRIVACY_ERASURES.valueSerde(registry)))
        .foreach((k, erasure) -> read.add(erasure.getRequestId()));
    return builder.build();
  }

  private static Topology failingOn(String topic, String poison) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(topic, Consumed.with(Serdes.String(), Serdes.String()))
        .foreach(
            (k, v) -> {
              if (poison.equals(v)) {
                throw new IllegalStateException("cannot process " + v);
              }
            });
    return builder.build();
  }

  /**
   * A fresh application id and state dir each; a short session timeout, since a dead thread's
   * partitions go to its replacement after it at the latest.
   */
  private static StreamsSettings settings(
      String prefix,
      String guarantee,
      int shutdownAfterFailures,
      Duration registryBackoff,
      Duration registryBackoffMax)
      throws java.io.IOException {
    return new StreamsSettings(
        prefix + "-" + UUID.randomUUID(),
        Files.createTempDirectory(prefix).toString(),
        guarantee,
        Duration.ofMillis(100),
        Duration.ofMillis(50),
        0,
        1,
        Duration.ZERO,
        -1,
        shutdownAfterFailures,
        Duration.ofMinutes(1),
        Duration.ofSeconds(5),
        true,
        StreamsSettings.DEFAULT_COMPRESSION,
        StreamsSettings.DEFAULT_STATE_COMPRESSION,
        Map.of(
            "main.consumer.session.timeout.ms",
            "6000",
            "main.consumer.heartbeat.interval.ms",
            "1000"),
        registryBackoff,
        registryBackoffMax);
  }
}
