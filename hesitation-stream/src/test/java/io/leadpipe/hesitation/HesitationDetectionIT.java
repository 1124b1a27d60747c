package io.leadpipe.hesitation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The topology as a real exactly_once_v2 Streams application on the devkit broker, with windows of
 * seconds.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class HesitationDetectionIT {

  /**
   * A bound far above the expected lag (tick 250 ms + commit 100 ms) that still proves "shortly
   * after".
   */
  private static final Duration SHORTLY = Duration.ofSeconds(10);

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void anIdleVisitorIsDetectedShortlyAfterTheWindowWithNoFurtherEvent(KafkaTestEnvironment env)
      throws Exception {
    // Given a 4 s cart window and a visitor who adds to the cart and then does nothing
    Duration idle = Duration.ofSeconds(4);
    String visitor = "idle-" + run;
    try (HesitationsReader reader =
            new HesitationsReader(env.bootstrapServers(), env.registryConfig(), visitor::equals);
        KafkaStreams streams =
            start(env, idle, "hesitations-idle-" + run, Files.createTempDirectory("hesitations"))) {
      Instant addedAt =
          Instant.now().truncatedTo(ChronoUnit.MILLIS); // event times are millisecond precise
      produce(env, new Events(visitor).add(Events.SHOE, addedAt));
      Instant windowEnd = addedAt.plus(idle);

      // Then it is detected once, not before the window ends and shortly after it
      await().atMost(idle.plus(SHORTLY)).until(() -> !reader.of(visitor).isEmpty());
      HesitationsReader.Received first = reader.received().get(0);
      assertThat(first.hesitation().getKind()).isEqualTo(HesitationKind.CART_ABANDONED);
      assertThat(first.hesitation().getDetectedAt()).isAfterOrEqualTo(windowEnd);
      assertThat(first.receivedAt()).isBefore(windowEnd.plus(SHORTLY));
      System.out.printf(
          "detection lag after window end: %d ms (detectedAt - windowEnd %d ms)%n",
          Duration.between(windowEnd, first.receivedAt()).toMillis(),
          Duration.between(windowEnd, first.hesitation().getDetectedAt()).toMillis());
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> reader.of(visitor).size() == 1);
    }
  }

  @Test
  void aRestartMidWaitLosesNoTimerAndRepeatsNone(KafkaTestEnvironment env) throws Exception {
    Duration idle = Duration.ofSeconds(8);
    String appId = "hesitations-restart-" + run;
    String early = "early-" + run;
    String pending = "pending-" + run;
    try (HesitationsReader reader =
        new HesitationsReader(
            env.bootstrapServers(),
            env.registryConfig(),
            v -> v.equals(early) || v.equals(pending))) {
      // Given one visitor already detected and another still inside the window
      KafkaStreams first = start(env, idle, appId, Files.createTempDirectory("hesitations-a"));
      KafkaStreams second = null;
      try {
        produce(env, new Events(early).add(Events.SHOE, Instant.now()));
        await().atMost(idle.plus(SHORTLY)).until(() -> !reader.of(early).isEmpty());
        Instant pendingAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        produce(env, new Events(pending).add(Events.SOCKS, pendingAt));
        await().atMost(SHORTLY).until(() -> hasIntent(first, pending));

        // When the instance goes away mid-wait and a new one starts with an empty state directory
        first.close(Duration.ZERO);
        Instant stoppedAt = Instant.now();
        assertThat(stoppedAt)
            .isBefore(pendingAt.plus(idle)); // the timer was really pending at the stop
        second = start(env, idle, appId, Files.createTempDirectory("hesitations-b"));

        // Then the pending visitor is still detected, after its window, and nobody twice
        await()
            .atMost(idle.plus(Duration.ofSeconds(60)))
            .until(() -> !reader.of(pending).isEmpty());
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(6))
            .until(() -> reader.of(early).size() == 1 && reader.of(pending).size() == 1);
        Hesitation detected = reader.of(pending).get(0);
        assertThat(detected.getStatus()).isEqualTo(HesitationStatus.DETECTED);
        assertThat(detected.getDetectedAt()).isAfterOrEqualTo(pendingAt.plus(idle));
        assertThat(reader.of(early))
            .extracting(Hesitation::getStatus)
            .containsExactly(HesitationStatus.DETECTED);
      } finally {
        if (second != null) {
          second.close(Duration.ofSeconds(10));
        }
        first.close(Duration.ofSeconds(10));
      }
    }
  }

  private static boolean hasIntent(KafkaStreams streams, String visitor) {
    try {
      return streams
              .store(
                  StoreQueryParameters.fromNameAndType(
                      HesitationTopology.INTENT_STORE,
                      QueryableStoreTypes.<String, Object>keyValueStore()))
              .get(visitor)
          != null;
    } catch (RuntimeException notQueryableYet) {
      return false;
    }
  }

  private static void produce(KafkaTestEnvironment env, WebEvent e) throws Exception {
    try (KafkaProducer<String, WebEvent> producer =
        env.producer(
            Topics.WEB_EVENTS.keySerde().serializer(),
            Topics.WEB_EVENTS.valueSerde(env.registryConfig()).serializer())) {
      producer.send(new ProducerRecord<>(Topics.WEB_EVENTS.name(), e.getAnonymousId(), e)).get();
    }
  }

  private static KafkaStreams start(
      KafkaTestEnvironment env, Duration idle, String appId, Path stateDir) {
    HesitationConfig config =
        HesitationConfig.fastDemo().withDetection(DetectionRules.fastDemo().withIdle(idle));
    return LocalStreams.start(
        env.bootstrapServers(), env.registryConfig(), config, appId, stateDir);
  }
}
