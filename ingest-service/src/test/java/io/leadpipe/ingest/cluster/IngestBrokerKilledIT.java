package io.leadpipe.ingest.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.kafka.KafkaCluster;
import io.leadpipe.devkit.test.ClusterKafkaTestEnvironment;
import io.leadpipe.devkit.test.WithKafkaCluster;
import io.leadpipe.ingest.testing.AcknowledgedBatches;
import io.leadpipe.ingest.testing.IngestApp;
import io.leadpipe.ingest.testing.IngestClient;
import io.leadpipe.schemas.topics.Topics;
import java.net.http.HttpResponse;
import java.time.Duration;
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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given ingest on the three-node cluster (acks=all, three replicas, two needed in sync) and several
 * clients posting batches continuously, each event with a unique messageId, when the node leading
 * part of {@code leadpipe.web-events} is killed with SIGKILL, then: ingest keeps answering and
 * stays ready, every event answered 200 is on its topic (the killed node's copies do not matter:
 * two others acknowledged it), nothing is on a topic that was not acknowledged in the end, and once
 * the node is started again its replicas catch up and rejoin every ISR. Clients resend a batch
 * answered 503 with the same messageIds, as the API asks; the answers and latencies of the outage
 * are counted and printed.
 *
 * <p>Ingest runs with its production producer timeouts, so the figures are what a deployment sees.
 */
@WithKafkaCluster
class IngestBrokerKilledIT {

  private static final int CLIENTS = 4;
  private static final int EVENTS_PER_BATCH = 5;
  private static final int ACKNOWLEDGED_PER_PHASE = 200;
  private static final Duration PAUSE_BETWEEN_BATCHES = Duration.ofMillis(10);
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Ingest's defaults (ProducerSettings), not IngestApp's shortened test timeouts. */
  private static final Map<String, Object> PRODUCTION_TIMEOUTS =
      Map.of(
          "leadpipe.ingest.producer.delivery-timeout", "10s",
          "leadpipe.ingest.producer.request-timeout", "5s",
          "leadpipe.ingest.producer.max-block", "2s");

  private static ClusterKafkaTestEnvironment env;

  @BeforeAll
  static void environment(ClusterKafkaTestEnvironment environment) {
    env = environment;
  }

  private enum Phase {
    BEFORE,
    OUTAGE,
    AFTER
  }

  /** What the clients saw, shared by their threads. */
  private static final class Tally {
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final Set<String> attempted = ConcurrentHashMap.newKeySet();
    final Map<Phase, AtomicInteger> acknowledgedIn = new ConcurrentHashMap<>();
    final Map<Phase, AtomicInteger> unavailableIn = new ConcurrentHashMap<>();
    final Map<Phase, ConcurrentLinkedQueue<Long>> latenciesMs = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    final AtomicReference<Phase> phase = new AtomicReference<>(Phase.BEFORE);
    final AtomicBoolean stop = new AtomicBoolean();

    Tally() {
      for (Phase p : Phase.values()) {
        acknowledgedIn.put(p, new AtomicInteger());
        unavailableIn.put(p, new AtomicInteger());
        latenciesMs.put(p, new ConcurrentLinkedQueue<>());
      }
    }

    int acknowledged(Phase p) {
      return acknowledgedIn.get(p).get();
    }
  }

  @Test
  void everyAcknowledgedEventIsStoredWhenABrokerIsKilled() throws Exception {
    KafkaCluster cluster = env.cluster();
    try (IngestApp app = IngestApp.start(env, PRODUCTION_TIMEOUTS)) {
      await().atMost(WAIT).until(() -> app.client().get("/health/readiness").statusCode() == 200);
      String run = UUID.randomUUID().toString().substring(0, 8);
      Tally tally = new Tally();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        String client = "bk-" + run + "-c" + c;
        running.add(clients.submit(() -> postContinuously(app, client, tally)));
      }

      // Given sustained ingest
      await("events acknowledged before the kill")
          .atMost(WAIT)
          .until(() -> tally.acknowledged(Phase.BEFORE) >= ACKNOWLEDGED_PER_PHASE);

      // When the node leading web-events partition 0 is killed
      int victim = leaderOfWebEventsPartitionZero();
      tally.phase.set(Phase.OUTAGE);
      long killedAt = System.nanoTime();
      cluster.kill(victim);
      AtomicInteger notReady = new AtomicInteger();
      // The controller fences it (its replicas leave the ISRs) and the others go on acknowledging
      await("the killed node fenced and events acknowledged without it")
          .atMost(WAIT)
          .until(
              () -> {
                if (app.client().get("/health/readiness").statusCode() != 200) {
                  notReady.incrementAndGet();
                }
                return !cluster.outOfSyncReplicas().isEmpty()
                    && tally.acknowledged(Phase.OUTAGE) >= ACKNOWLEDGED_PER_PHASE;
              });
      Duration outage = Duration.ofNanos(System.nanoTime() - killedAt);

      // Then, started again, the node catches up
      cluster.restart(victim);
      Duration catchUp = cluster.awaitAllReplicasInSync(WAIT);
      tally.phase.set(Phase.AFTER);
      await("events acknowledged after the node came back")
          .atMost(WAIT)
          .until(() -> tally.acknowledged(Phase.AFTER) >= ACKNOWLEDGED_PER_PHASE);
      tally.stop.set(true);
      for (Future<?> f : running) {
        f.get(1, TimeUnit.MINUTES);
      }
      clients.shutdown();

      // And every acknowledged event is on its topic, nothing unacknowledged is
      Map<String, Integer> copies =
          AcknowledgedBatches.copiesOnTopics(
              env.bootstrapServers(), env.registryConfig(), "bk-" + run + "-", WAIT);
      AcknowledgedBatches.Reconciled reconciled =
          AcknowledgedBatches.reconcile(tally.acknowledged, copies);
      String figures =
          String.format(
              "node %d killed, fenced and %d events acknowledged without it after %d ms; "
                  + "back in every ISR %d ms after its restart; %s; "
                  + "503 answers before/outage/after %d/%d/%d; readiness not 200 during the outage %d"
                  + " times; request latency ms before %s, outage %s, after %s; unexpected %d",
              victim,
              tally.acknowledged(Phase.OUTAGE),
              outage.toMillis(),
              catchUp.toMillis(),
              reconciled,
              tally.unavailableIn.get(Phase.BEFORE).get(),
              tally.unavailableIn.get(Phase.OUTAGE).get(),
              tally.unavailableIn.get(Phase.AFTER).get(),
              notReady.get(),
              latencies(tally, Phase.BEFORE),
              latencies(tally, Phase.OUTAGE),
              latencies(tally, Phase.AFTER),
              tally.unexpected.size());
      System.out.println("[broker-killed] " + figures);

      assertThat(tally.unexpected).as(figures).isEmpty();
      assertThat(reconciled.lost()).as("acknowledged but not on the topic: " + figures).isZero();
      assertThat(reconciled.storedWithoutSuccess())
          .as("stored but never acknowledged: " + figures)
          .isZero();
      assertThat(tally.attempted)
          .as("every batch sent was acknowledged in the end: " + figures)
          .isEqualTo(tally.acknowledged);
      assertThat(notReady.get()).as("ingest stays ready with two nodes: " + figures).isZero();
    }
  }

  private static int leaderOfWebEventsPartitionZero() throws Exception {
    return env.admin()
        .describeTopics(List.of(Topics.WEB_EVENTS.name()))
        .allTopicNames()
        .get(WAIT.toSeconds(), TimeUnit.SECONDS)
        .get(Topics.WEB_EVENTS.name())
        .partitions()
        .get(0)
        .leader()
        .id();
  }

  /** p50 / p99 / max of one phase's request latencies, in ms. */
  private static String latencies(Tally tally, Phase phase) {
    List<Long> sorted = tally.latenciesMs.get(phase).stream().sorted().toList();
    if (sorted.isEmpty()) {
      return "none";
    }
    return sorted.get(sorted.size() / 2)
        + "/"
        + sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1))
        + "/"
        + sorted.get(sorted.size() - 1);
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
      Phase phase = tally.phase.get();
      long t0 = System.nanoTime();
      HttpResponse<String> response;
      try {
        response =
            app.client()
                .post("/v1/batch", AcknowledgedBatches.batch(client, ids), IngestApp.WRITE_KEY);
      } catch (RuntimeException e) {
        tally.unexpected.add(client + ": no answer: " + e);
        return null;
      }
      tally.latenciesMs.get(phase).add((System.nanoTime() - t0) / 1_000_000);
      if (response.statusCode() == 200) {
        int accepted = IngestClient.json(response).path("accepted").asInt();
        if (accepted != ids.size()) {
          tally.unexpected.add(client + ": 200 with accepted " + accepted + " of " + ids.size());
        }
        tally.acknowledged.addAll(ids);
        tally.acknowledgedIn.get(phase).addAndGet(ids.size());
        pending = null;
        Thread.sleep(PAUSE_BETWEEN_BATCHES.toMillis());
      } else if (response.statusCode() == 503) {
        tally.unavailableIn.get(phase).incrementAndGet();
        String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
        if (retryAfter == null) {
          tally.unexpected.add(client + ": 503 without Retry-After: " + response.body());
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
