package io.leadpipe.scoring.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.admin.SegmentCatalog;
import io.leadpipe.scoring.segment.DefaultSegments;
import io.leadpipe.scoring.testing.ScoringApp;
import io.leadpipe.scoring.testing.WebEvents;
import io.leadpipe.streams.runtime.GlobalRegistryWait;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * scoring-stream (profiles and hesitation detection) started while the schema registry is down,
 * with valid events already waiting: it waits (not ready, nothing dead-lettered, no thread failure
 * counted towards the shutdown limit) and, once the registry is started, scores every visitor and
 * hesitation detection reads every event. Whether start-up blocks in the global segment store's
 * bootstrap (when segment definitions exist) or the stream threads meet the outage first, the
 * outcome must be the same.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class RegistryOutageIT {

  private static final int VISITORS = 5;
  private static final Duration PATIENCE = Duration.ofSeconds(180);

  @Test
  void startedWithTheRegistryDownItWaitsThenScoresEveryVisitorAndDeadLettersNothing(
      KafkaTestEnvironment env) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String applicationId = "faults-registry-" + run;
    // Given valid events of several visitors waiting on the web events topic
    List<String> visitors = new ArrayList<>();
    for (int v = 0; v < VISITORS; v++) {
      visitors.add("registry-" + run + "-" + v);
    }
    WebEvents.send(
        env,
        visitors.stream()
            .map(v -> WebEvents.event(v, WebEventType.PRODUCT_VIEW, Instant.now()))
            .toList());

    env.stopSchemaRegistry();
    CompletableFuture<ScoringApp> starting;
    try {
      // When the service starts while the registry is down
      starting =
          CompletableFuture.supplyAsync(() -> ScoringApp.start(env, applicationId, Map.of()));
      // Then it waits for the registry: in the global store's bootstrap, or paused
      waiting("the service waits for the registry")
          .until(
              () ->
                  GlobalRegistryWait.waitingThreads() > 0
                      || (starting.isDone() && waitingForRegistry(starting.join())));
      if (starting.isDone()) {
        assertThat(starting.join().get("/health/readiness").statusCode())
            .as("readiness while the registry is down")
            .isEqualTo(503);
      }
    } finally {
      env.startSchemaRegistry();
    }

    try (ScoringApp app = starting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
      // Then, once the registry answers, every visitor is scored ...
      waiting("every visitor scored")
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  visitors.stream()
                      .allMatch(v -> app.get("/v1/profiles/" + v).statusCode() == 200));
      // ... hesitation detection reads every event ...
      BrokerView broker = new BrokerView(env);
      waiting("hesitation detection reads every event")
          .pollInterval(Duration.ofMillis(250))
          .until(() -> broker.caughtUp(applicationId + "-hesitations", Topics.WEB_EVENTS.name()));
      waiting("ready").until(() -> app.get("/health/readiness").statusCode() == 200);
      // ... the default segments, which could not be written at start-up, are seeded now ...
      SegmentCatalog catalog = app.context().getBean(SegmentCatalog.class);
      waiting("default segments seeded")
          .until(
              () ->
                  DefaultSegments.ALL.stream()
                      .allMatch(d -> catalog.find(d.segmentId()).isPresent()));
      // ... and nothing of it was dead-lettered or counted as a thread failure
      long deadLettered =
          deadLetteredKeys(env).stream()
              .filter(key -> key != null && key.startsWith("registry-" + run + "-"))
              .count();
      double failures =
          app
              .context()
              .getBean(MeterRegistry.class)
              .find("leadpipe.streams.thread.failures")
              .counters()
              .stream()
              .mapToDouble(c -> c.count())
              .sum();
      String figures =
          String.format(
              "visitors scored %d of %d, valid records dead-lettered %d, counted thread failures"
                  + " %.0f",
              visitors.stream()
                  .filter(v -> app.get("/v1/profiles/" + v).statusCode() == 200)
                  .count(),
              visitors.size(),
              deadLettered,
              failures);
      System.out.println("[scoring-registry-cold-start] " + figures);
      assertThat(deadLettered).as(figures).isZero();
      assertThat(failures).as(figures).isZero();
    }
  }

  /** Keys of every dead letter written so far (this run's keys are unique to it). */
  private static List<String> deadLetteredKeys(KafkaTestEnvironment env) {
    return env
        .consumeToEnd(
            Topics.DEAD_LETTERS.name(),
            new StringDeserializer(),
            new ByteArrayDeserializer(),
            PATIENCE)
        .stream()
        .map(ConsumerRecord::key)
        .toList();
  }

  private static boolean waitingForRegistry(ScoringApp app) {
    Collection<ManagedStreams> streams = app.context().getBeansOfType(ManagedStreams.class);
    return streams.stream().anyMatch(s -> s.registryUnavailableSince().isPresent());
  }

  /**
   * Stream threads that meet the outage die (and are replaced) by design: Awaitility must not take
   * their exceptions for a failure of the test.
   */
  private static ConditionFactory waiting(String what) {
    return await(what).dontCatchUncaughtExceptions().atMost(PATIENCE);
  }
}
