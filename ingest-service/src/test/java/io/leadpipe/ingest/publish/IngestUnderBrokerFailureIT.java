package io.leadpipe.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.stack.DevStackProcess;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.ingest.testing.AcknowledgedBatches;
import io.leadpipe.ingest.testing.IngestApp;
import io.leadpipe.ingest.testing.IngestClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given several clients posting batches continuously, each event with a unique messageId, when the
 * broker goes down mid-run for several seconds and comes back (a clean stop, or its process killed
 * with SIGKILL and restarted on the same data, as a crashed broker host), then: every event
 * answered 200 is on its topic (acknowledged vs found), nothing is on a topic that was not
 * eventually acknowledged, requests during the outage got 503 with Retry-After, and ingest
 * recovered by itself (ready again, 200 again) without a restart. Clients resend a batch answered
 * 503 with the same messageIds, as the API asks; a record Kafka stored while its answer was lost is
 * then on the topic twice. Those duplicates are counted and reported: they are allowed, consumers
 * dedupe by messageId.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class IngestUnderBrokerFailureIT {

  private static final int CLIENTS = 4;
  private static final int EVENTS_PER_BATCH = 5;
  private static final int ACKNOWLEDGED_BEFORE_OUTAGE = 200;
  private static final int ACKNOWLEDGED_AFTER_RESTART = 200;
  private static final int OUTAGE_ANSWERS_TO_SEE = 2 * CLIENTS;
  private static final Duration PAUSE_BETWEEN_BATCHES = Duration.ofMillis(10);
  private static final Duration WAIT = Duration.ofSeconds(120);

  private static KafkaTestEnvironment env;

  @BeforeAll
  static void environment(KafkaTestEnvironment environment) {
    env = environment;
  }

  /**
   * The broker ingest writes to and how it goes down and comes back.
   *
   * @param registryConfig the registry the records' schemas are in
   */
  private record Broker(
      String bootstrapServers,
      Map<String, Object> registryConfig,
      Runnable takeDown,
      Runnable bringBack) {}

  /** What the clients saw, shared by their threads. */
  private static final class Tally {
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final Set<String> attempted = ConcurrentHashMap.newKeySet();
    final AtomicInteger unavailable = new AtomicInteger();
    final AtomicInteger acknowledgedAfterRestart = new AtomicInteger();
    final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    final AtomicBoolean restarted = new AtomicBoolean();
    final AtomicBoolean stop = new AtomicBoolean();
  }

  @Test
  void everyAcknowledgedEventIsOnItsTopicAcrossACleanBrokerRestart() throws Exception {
    Broker broker =
        new Broker(env.bootstrapServers(), env.registryConfig(), env::stopBroker, env::startBroker);
    everyAcknowledgedEventIsOnItsTopic(broker, "clean stop");
  }

  @Test
  void everyAcknowledgedEventIsOnItsTopicWhenTheBrokerProcessIsKilled(@TempDir Path dir)
      throws Exception {
    try (DevStackProcess stack = DevStackProcess.start(dir)) {
      Broker broker =
          new Broker(stack.bootstrapServers(), stack.registryConfig(), stack::kill, stack::start);
      everyAcknowledgedEventIsOnItsTopic(broker, "kill -9");
    }
  }

  private void everyAcknowledgedEventIsOnItsTopic(Broker broker, String outageKind)
      throws Exception {
    try (IngestApp app =
        IngestApp.start(
            env,
            Map.of(
                "kafka.bootstrap.servers",
                broker.bootstrapServers(),
                "leadpipe.schema-registry.url",
                broker.registryConfig().get(KafkaTestEnvironment.SCHEMA_REGISTRY_URL)))) {
      await().atMost(WAIT).until(() -> app.client().get("/health/readiness").statusCode() == 200);
      everyAcknowledgedEventIsOnItsTopic(app, broker, outageKind);
    }
  }

  private void everyAcknowledgedEventIsOnItsTopic(IngestApp app, Broker broker, String outageKind)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Tally tally = new Tally();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      String client = "bf-" + run + "-c" + c;
      running.add(clients.submit(() -> postContinuously(app, client, tally)));
    }

    // Given sustained ingest
    await("events acknowledged before the outage")
        .atMost(WAIT)
        .until(() -> tally.acknowledged.size() >= ACKNOWLEDGED_BEFORE_OUTAGE);

    // When the broker goes down mid-run and stays down until clients have been told to come back
    // later
    Instant stopped = Instant.now();
    broker.takeDown().run();
    boolean[] notReady = {false};
    try {
      await("503 answers and readiness DOWN during the outage")
          .atMost(WAIT)
          .until(
              () -> {
                notReady[0] |= app.client().get("/health/readiness").statusCode() == 503;
                return notReady[0] && tally.unavailable.get() >= OUTAGE_ANSWERS_TO_SEE;
              });
    } finally {
      broker.bringBack().run();
    }
    Duration outage = Duration.between(stopped, Instant.now());
    tally.restarted.set(true);

    // Then ingest recovers by itself: ready again and acknowledging again
    await("readiness UP after the restart")
        .atMost(WAIT)
        .until(() -> app.client().get("/health/readiness").statusCode() == 200);
    await("events acknowledged after the restart")
        .atMost(WAIT)
        .until(() -> tally.acknowledgedAfterRestart.get() >= ACKNOWLEDGED_AFTER_RESTART);
    tally.stop.set(true);
    for (Future<?> f : running) {
      f.get(5, TimeUnit.MINUTES);
    }
    clients.shutdown();

    // And every acknowledged event is on its topic; everything on the topics was acknowledged in
    // the end
    Map<String, Integer> copies =
        AcknowledgedBatches.copiesOnTopics(
            broker.bootstrapServers(), broker.registryConfig(), "bf-" + run + "-", WAIT);
    AcknowledgedBatches.Reconciled reconciled =
        AcknowledgedBatches.reconcile(tally.acknowledged, copies);
    String figures =
        String.format(
            "%s, outage %d s; %s; 503 answers %d (all with Retry-After); "
                + "acknowledged after the restart %d; unexpected answers %d",
            outageKind,
            outage.toSeconds(),
            reconciled,
            tally.unavailable.get(),
            tally.acknowledgedAfterRestart.get(),
            tally.unexpected.size());
    System.out.println("[broker-failure] " + figures);

    assertThat(tally.unexpected).as(figures).isEmpty();
    assertThat(reconciled.lost()).as("acknowledged but not on the topic: " + figures).isZero();
    assertThat(reconciled.storedWithoutSuccess())
        .as("on the topic but never acknowledged: " + figures)
        .isZero();
    assertThat(tally.attempted)
        .as("every batch sent was acknowledged in the end: " + figures)
        .isEqualTo(tally.acknowledged);
    assertThat(tally.unavailable.get())
        .as("requests told to retry during the outage: " + figures)
        .isGreaterThanOrEqualTo(OUTAGE_ANSWERS_TO_SEE);
  }

  /**
   * One client: posts batches of track, page and identify events with unique messageIds; after a
   * 503 it waits the Retry-After and resends the same batch (same messageIds) until it is
   * acknowledged.
   */
  private static Void postContinuously(IngestApp app, String client, Tally tally)
      throws InterruptedException {
    int sequence = 0;
    List<String> pending = null;
    while (pending != null || !tally.stop.get()) {
      List<String> ids =
          pending != null
              ? pending
              : AcknowledgedBatches.nextIds(client, sequence++, EVENTS_PER_BATCH);
      tally.attempted.addAll(ids);
      boolean afterRestart = tally.restarted.get();
      HttpResponse<String> response;
      try {
        response =
            app.client()
                .post("/v1/batch", AcknowledgedBatches.batch(client, ids), IngestApp.WRITE_KEY);
      } catch (RuntimeException e) {
        tally.unexpected.add(client + ": no answer: " + e);
        return null;
      }
      if (response.statusCode() == 200) {
        int accepted = IngestClient.json(response).path("accepted").asInt();
        if (accepted != ids.size()) {
          tally.unexpected.add(client + ": 200 with accepted " + accepted + " of " + ids.size());
        }
        tally.acknowledged.addAll(ids);
        if (afterRestart) {
          tally.acknowledgedAfterRestart.addAndGet(ids.size());
        }
        pending = null;
        Thread.sleep(PAUSE_BETWEEN_BATCHES.toMillis());
      } else if (response.statusCode() == 503) {
        tally.unavailable.incrementAndGet();
        String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
        if (retryAfter == null
            || !IngestClient.json(response).path("type").asText().endsWith("/unavailable")) {
          tally.unexpected.add(
              client + ": 503 without Retry-After or problem type: " + response.body());
          return null;
        }
        pending = ids;
        Thread.sleep(Duration.ofSeconds(Long.parseLong(retryAfter)).toMillis());
      } else {
        tally.unexpected.add(client + ": " + response.statusCode() + " " + response.body());
        return null;
      }
    }
    return null;
  }
}
