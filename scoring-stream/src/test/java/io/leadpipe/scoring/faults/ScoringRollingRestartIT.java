package io.leadpipe.scoring.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.ClusterKafkaTestEnvironment;
import io.leadpipe.devkit.test.WithKafkaCluster;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.scoring.query.QueryController;
import io.leadpipe.scoring.testing.ScoringApp;
import io.leadpipe.service.routing.KeyOwnerRouter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * A rolling restart on the three-node cluster: two scoring-stream instances share the application
 * with one standby replica of every store ({@code num.standby.replicas=1}); while web, social and
 * identity traffic arrives, one instance is stopped cleanly and started again on the same address
 * and the same state directory, as a deployment does (b's standbys take over a's tasks meanwhile).
 * Meanwhile a client keeps asking both instances for profiles (each forwarding to the owner of the
 * key). Then: every query got an answer (errors and latencies of the switch are counted and
 * printed), and once the group caught up, the last profile of every visitor, every merge and every
 * segment change equal an undisturbed run of the same topology on the same input ({@link
 * Reference}), with no segment change repeated.
 */
@WithKafkaCluster
class ScoringRollingRestartIT {

  private static final int VISITORS = 150;
  private static final int EVENTS_PER_VISITOR = 10;
  private static final long SEED = 20L;

  /** The feed is paced over about this long so the restart lands while input is arriving. */
  private static final Duration FEED_DURATION = Duration.ofSeconds(12);

  private static final List<Topic<? extends SpecificRecord>> INPUTS =
      List.of(Topics.WEB_EVENTS, Topics.SOCIAL_EVENTS, Topics.IDENTITIES);
  private static final Duration CATCH_UP = Duration.ofMinutes(4);
  private static final Duration QUERY_PAUSE = Duration.ofMillis(20);
  private static final Duration SETTLE = Duration.ofMinutes(1);

  /**
   * How long a stopped instance may take to finish shutting down in the background: a stream
   * thread's last commit can wait out the producer's max.block.ms (60 s) and a request timeout when
   * the machine is starved; one minute was exceeded once in a full build at load 15.
   */
  private static final Duration SHUTDOWN = Duration.ofMinutes(3);

  private static final Duration SETTLED_FOR = Duration.ofSeconds(1);

  /** Every this many queries one is a listing (the funnel, fanned out per partition). */
  private static final int LISTING_EVERY = 10;

  private enum Phase {
    BEFORE,
    SWITCH,
    AFTER
  }

  /** What the querying client saw, per phase. */
  private static final class Queries {
    final AtomicReference<Phase> phase = new AtomicReference<>(Phase.BEFORE);
    final Map<Phase, AtomicInteger> answered = new ConcurrentHashMap<>();
    final Map<Phase, AtomicInteger> forwarded = new ConcurrentHashMap<>();
    final Map<Phase, AtomicInteger> stale = new ConcurrentHashMap<>();
    final Map<Phase, ConcurrentLinkedQueue<Long>> staleLags = new ConcurrentHashMap<>();
    final Map<Phase, AtomicInteger> listings = new ConcurrentHashMap<>();
    final Map<Phase, AtomicInteger> staleListings = new ConcurrentHashMap<>();
    final Map<Phase, AtomicInteger> incompleteListings = new ConcurrentHashMap<>();
    final Map<Phase, ConcurrentLinkedQueue<String>> errors = new ConcurrentHashMap<>();
    final Map<Phase, ConcurrentLinkedQueue<Long>> latenciesMs = new ConcurrentHashMap<>();
    final AtomicBoolean stop = new AtomicBoolean();

    Queries() {
      for (Phase p : Phase.values()) {
        answered.put(p, new AtomicInteger());
        forwarded.put(p, new AtomicInteger());
        stale.put(p, new AtomicInteger());
        staleLags.put(p, new ConcurrentLinkedQueue<>());
        listings.put(p, new AtomicInteger());
        staleListings.put(p, new AtomicInteger());
        incompleteListings.put(p, new AtomicInteger());
        errors.put(p, new ConcurrentLinkedQueue<>());
        latenciesMs.put(p, new ConcurrentLinkedQueue<>());
      }
    }

    String figures(Phase p) {
      List<Long> sorted = latenciesMs.get(p).stream().sorted().toList();
      String latency =
          sorted.isEmpty()
              ? "none"
              : sorted.get(sorted.size() / 2)
                  + "/"
                  + sorted.get((int) Math.max(0, Math.ceil(sorted.size() * 0.99) - 1))
                  + "/"
                  + sorted.get(sorted.size() - 1);
      // Errors by kind: the status and the problem's detail, without the visitor it was about
      Map<String, Long> kinds =
          errors.get(p).stream()
              .map(e -> e.replaceAll("\"instance\":\"[^\"]*\"", "").replaceAll("\\s+", " "))
              .map(e -> e.length() > 160 ? e.substring(0, 160) : e)
              .collect(Collectors.groupingBy(e -> e, TreeMap::new, Collectors.counting()));
      return String.format(
          "%s: %d answered (%d forwarded, %d stale, %d of them with a lag, max %s records; %d"
              + " funnels, %d with stale parts, %d with missing parts), %d errors %s, latency ms"
              + " p50/p99/max %s",
          p,
          answered.get(p).get(),
          forwarded.get(p).get(),
          stale.get(p).get(),
          staleLags.get(p).size(),
          staleLags.get(p).stream().max(Long::compare).map(String::valueOf).orElse("-"),
          listings.get(p).get(),
          staleListings.get(p).get(),
          incompleteListings.get(p).get(),
          errors.get(p).size(),
          kinds,
          latency);
    }
  }

  @Test
  void aRollingRestartWithStandbysKeepsAnsweringAndEndsWithTheUndisturbedProfiles(
      ClusterKafkaTestEnvironment env) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String applicationId = "faults-rolling-" + run;
    SeededTraffic traffic =
        SeededTraffic.generate(run, VISITORS, EVENTS_PER_VISITOR, SEED, Instant.now());
    BrokerView broker = new BrokerView(env);
    broker.define(traffic.flippingSegment());
    List<String> inputTopics = INPUTS.stream().map(Topic::name).toList();
    long before = inputTopics.stream().mapToLong(broker::end).sum();
    long total = traffic.inputs().size();
    List<String> visitors =
        traffic.inputs().stream().map(SeededTraffic.Input::key).distinct().toList();

    Path stateA = Files.createTempDirectory("rolling-state-a");
    Path stateB = Files.createTempDirectory("rolling-state-b");
    AtomicReference<ScoringApp> a = new AtomicReference<>();
    // What a load balancer does: a is sent queries only once ready, none from its stop on
    AtomicBoolean aInRotation = new AtomicBoolean();
    ScoringApp b = null;
    Queries queries = new Queries();
    CompletableFuture<Void> querying = null;
    try {
      a.set(ScoringApp.start(env, applicationId, settings(env, stateA, -1)));
      b = ScoringApp.start(env, applicationId, settings(env, stateB, -1));
      a.get().awaitReady();
      b.awaitReady();
      awaitSettled(a.get(), b);
      aInRotation.set(true);
      long settledAt = System.nanoTime();
      ScoringApp other = b;
      querying = CompletableFuture.runAsync(() -> query(visitors, a, aInRotation, other, queries));
      // The last quarter of the input is held back until a starts again, so events arrive during
      // the whole switch however long the close takes.
      CountDownLatch restarting = new CountDownLatch(1);
      // The last quarter of the input is held back until the restart has begun.
      CompletableFuture<Void> feeding =
          CompletableFuture.runAsync(
              () ->
                  PacedFeed.send(
                      env,
                      traffic.inputs(),
                      FEED_DURATION,
                      traffic.inputs().size() * 3 / 4,
                      restarting));

      // When a quarter of the input is processed, a is stopped and started again on its state
      await("a quarter of the input processed")
          .atMost(CATCH_UP)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> committed(broker, applicationId, inputTopics) - before >= total / 4);
      queries.phase.set(Phase.SWITCH);
      long stoppedAt = System.nanoTime();
      int port = a.get().port();
      long processedAtStop = committed(broker, applicationId, inputTopics) - before;
      aInRotation.set(false);
      stopFully(a.get());
      long stoppedAfterMs = (System.nanoTime() - stoppedAt) / 1_000_000;
      restarting.countDown();
      a.set(ScoringApp.start(env, applicationId, settings(env, stateA, port)));
      a.get().awaitReady();
      aInRotation.set(true);
      b.awaitReady();
      awaitSettled(a.get(), b);
      Duration restart = Duration.ofNanos(System.nanoTime() - stoppedAt);
      queries.phase.set(Phase.AFTER);
      assertThat(processedAtStop).as("the restart must land mid-run").isLessThan(total);

      // Then the group catches up and its output settles
      feeding.get(2, TimeUnit.MINUTES);
      List<String> consumed = new ArrayList<>(inputTopics);
      consumed.addAll(broker.repartitionTopics(applicationId));
      List<String> outputs =
          List.of(
              Topics.PROSPECT_PROFILES.name(),
              Topics.SEGMENT_CHANGES.name(),
              Topics.IDENTITY_MERGES.name());
      broker.awaitSettled(
          applicationId, consumed, outputs, () -> running(a.get()) && running(other), CATCH_UP);
      long caughtUpAfterMs = (System.nanoTime() - settledAt) / 1_000_000;
      queries.stop.set(true);
      querying.get(1, TimeUnit.MINUTES);

      Outcome reference =
          Reference.of(broker.segmentDefinitions(), traffic.inputs()).only(traffic::ours);
      Outcome.Settled settled =
          Outcome.readUntilEqual(
              () -> broker.outcome().only(traffic::ours),
              reference,
              traffic.interleaved()::contains);
      Outcome actual = settled.actual();
      Outcome.Comparison comparison = settled.comparison();
      String figures =
          String.format(
              "inputs %d, processed before the stop %d, a closed in %d ms, running again with"
                  + " its tasks and standbys after %d ms; caught up %d ms after the start of the"
                  + " feed, outcome read %d time(s); queries %s; %s; %s; %s; profiles %d (reference"
                  + " %d), segment changes %d (reference %d)",
              total,
              processedAtStop,
              stoppedAfterMs,
              restart.toMillis(),
              caughtUpAfterMs,
              settled.reads(),
              queries.figures(Phase.BEFORE),
              queries.figures(Phase.SWITCH),
              queries.figures(Phase.AFTER),
              comparison.figures(),
              actual.profileCount(),
              reference.profileCount(),
              actual.segmentChangeCount(),
              reference.segmentChangeCount());
      System.out.println("[rolling-restart] " + figures);

      Map<Phase, List<String>> errors = new HashMap<>();
      queries.errors.forEach((p, e) -> errors.put(p, List.copyOf(e)));
      // Every query answered, during the switch too: from the active copies, else the standbys
      for (Phase phase : Phase.values()) {
        assertThat(errors.get(phase)).as(phase + ": " + figures).isEmpty();
        assertThat(queries.answered.get(phase).get()).as(figures).isPositive();
        assertThat(queries.listings.get(phase).get()).as(figures).isPositive();
      }
      assertThat(reference.profileCount()).isEqualTo(traffic.expectedProfiles());
      assertThat(comparison.mismatches()).as(figures).isEmpty();
      assertThat(comparison.duplicateSegmentChanges()).as(figures).isZero();
      assertThat(actual.persons()).isEqualTo(reference.persons());
      assertThat(actual.segmentChangeCount(traffic::inOrder))
          .isPositive()
          .isLessThanOrEqualTo(reference.segmentChangeCount(traffic::inOrder));
    } finally {
      if (querying != null) {
        queries.stop.set(true);
        querying.get(1, TimeUnit.MINUTES);
      }
      if (a.get() != null) {
        a.get().close();
      }
      if (b != null) {
        b.close();
      }
      BrokerView.deleteQuietly(stateA);
      BrokerView.deleteQuietly(stateB);
    }
  }

  /**
   * One instance: its state directory and HTTP port (so its application.server and static member
   * id) kept across the restart, one standby of every store.
   */
  private static Map<String, Object> settings(
      ClusterKafkaTestEnvironment env, Path stateDir, int port) {
    return Map.of(
        "micronaut.server.port",
        port,
        "leadpipe.hesitations.enabled",
        false,
        "leadpipe.scoring.streams.state-dir",
        stateDir.toString(),
        "leadpipe.scoring.streams.replication-factor",
        (int) env.replicationFactor(),
        "leadpipe.scoring.streams.properties.num.standby.replicas",
        "1",
        "leadpipe.scoring.streams.properties.main.consumer.session.timeout.ms",
        String.valueOf(ScoringProcess.SESSION_TIMEOUT_MS));
  }

  /**
   * Asks the instances in turn for every visitor's profile, and every {@value #LISTING_EVERY}th
   * time for the funnel, until told to stop: 200 and 404 (not scored yet) are answers, anything
   * else (or no answer) an error of the current phase. a is asked only while in rotation, as a load
   * balancer's readiness check would have it.
   */
  private static void query(
      List<String> visitors,
      AtomicReference<ScoringApp> a,
      AtomicBoolean aInRotation,
      ScoringApp b,
      Queries queries) {
    int i = 0;
    while (!queries.stop.get()) {
      boolean askA = i % 2 == 0;
      ScoringApp asked = askA ? a.get() : b;
      boolean listing = i % LISTING_EVERY == LISTING_EVERY - 1;
      String visitor = visitors.get(i++ % visitors.size());
      Phase phase = queries.phase.get();
      if (askA && !aInRotation.get()) {
        pause();
        continue; // the instance being restarted: its clients are sent to the other one
      }
      long t0 = System.nanoTime();
      try {
        HttpResponse<String> response =
            asked.get(listing ? "/v1/funnel" : "/v1/profiles/" + visitor);
        queries.latenciesMs.get(phase).add((System.nanoTime() - t0) / 1_000_000);
        int status = response.statusCode();
        if (status == 200 || (status == 404 && !listing)) {
          queries.answered.get(phase).incrementAndGet();
          if (response.headers().firstValue(KeyOwnerRouter.STALE_HEADER).isPresent()) {
            (listing ? queries.staleListings : queries.stale).get(phase).incrementAndGet();
            response
                .headers()
                .firstValue(KeyOwnerRouter.STALE_LAG_HEADER)
                .ifPresent(lag -> queries.staleLags.get(phase).add(Long.parseLong(lag)));
          }
          if (listing) {
            queries.listings.get(phase).incrementAndGet();
            if (response.headers().firstValue(QueryController.INCOMPLETE_HEADER).isPresent()) {
              queries.incompleteListings.get(phase).incrementAndGet();
            }
          } else if (status == 200
              && !response
                  .headers()
                  .firstValue(KeyOwnerRouter.SERVED_BY_HEADER)
                  .orElse("")
                  .endsWith(":" + asked.port())) {
            queries.forwarded.get(phase).incrementAndGet();
          }
        } else {
          queries.errors.get(phase).add(status + " " + response.body());
        }
      } catch (RuntimeException e) {
        queries.errors.get(phase).add("no answer: " + e);
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(QUERY_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops the instance as SIGTERM does and waits until its Streams application is NOT_RUNNING: a
   * close that outlasts close-timeout returns while Kafka Streams goes on shutting down in the
   * background (its producer not yet fenced out, the state directory still locked), which a process
   * exit would end, but which in one JVM would meet the restarted instance.
   */
  private static void stopFully(ScoringApp app) {
    KafkaStreams streams = scoring(app);
    app.close();
    await("the stopped instance's Streams application NOT_RUNNING")
        .atMost(SHUTDOWN)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> streams.state() == KafkaStreams.State.NOT_RUNNING);
  }

  /**
   * Waits until the assignment settled: both instances RUNNING, each with active tasks and the
   * standbys of the other's, for a while. Readiness alone comes before the follow-up rebalances
   * that place the standbys, during which queries are refused with 503 (REBALANCING).
   */
  private static void awaitSettled(ScoringApp a, ScoringApp b) {
    KafkaStreams first = scoring(a);
    KafkaStreams second = scoring(b);
    await("both instances running with active and standby tasks")
        .atMost(SETTLE)
        .during(SETTLED_FOR)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> settled(first) && settled(second));
  }

  private static boolean running(ScoringApp app) {
    return scoring(app).state() == KafkaStreams.State.RUNNING;
  }

  private static boolean settled(KafkaStreams streams) {
    return streams.state() == KafkaStreams.State.RUNNING
        && streams.metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty())
        && streams.metadataForLocalThreads().stream().anyMatch(t -> !t.standbyTasks().isEmpty());
  }

  private static KafkaStreams scoring(ScoringApp app) {
    return app.scoring().streams().orElseThrow();
  }

  private static long committed(BrokerView broker, String applicationId, List<String> topics) {
    return topics.stream().mapToLong(t -> broker.committed(applicationId, t)).sum();
  }
}
