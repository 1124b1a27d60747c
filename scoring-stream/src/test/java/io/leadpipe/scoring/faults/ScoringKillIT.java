package io.leadpipe.scoring.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.schemas.segment.SegmentChangeType;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Modelled on Kafka's own exactly-once system tests: scoring-stream (a child JVM, exactly_once_v2)
 * is killed with kill -9 while web events are still arriving and restarted on the same state
 * directory; once the group has committed every input offset, the last profile of every visitor and
 * every segment change must equal an undisturbed run of the same topology on the same input
 * (TopologyTestDriver): no event counted twice or lost, no segment change repeated.
 *
 * <p>Nothing is ignored in the comparison: every profile field (counters, scores with their
 * factors, lead types, stage, segments, score history, {@code updatedAt}, {@code revision}) is
 * derived from event time, and segment changes are compared by segment, transition, profile
 * revision and cause (their {@code at} is the profile's {@code updatedAt}, hence equal too).
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class ScoringKillIT {

  private static final int VISITORS = 300;
  private static final int EVENTS_PER_VISITOR = 10;
  private static final long SEED = 8L;

  /** The feed is paced over about this long so the kill lands while input is still arriving. */
  private static final Duration FEED_DURATION = Duration.ofSeconds(20);

  private static final int FEED_BATCH = 50;
  private static final Duration CATCH_UP = Duration.ofMinutes(4);

  @Test
  void killedInstanceRestartedOnItsStateEndsWithTheUndisturbedProfiles(KafkaTestEnvironment env)
      throws Exception {
    Figures figures = runWithKill(env, 1);
    System.out.println("ScoringKillIT[one instance killed and restarted]: " + figures);
    figures.assertExact();
  }

  @Test
  void oneOfTwoInstancesKilledDuringTheRunEndsWithTheUndisturbedProfiles(KafkaTestEnvironment env)
      throws Exception {
    Figures figures = runWithKill(env, 2);
    System.out.println(
        "ScoringKillIT[one of two instances killed, rebalance, restarted]: " + figures);
    figures.assertExact();
  }

  /**
   * Runs {@code instances} instances, kills the first mid-run, restarts it, and compares with the
   * reference.
   */
  private Figures runWithKill(KafkaTestEnvironment env, int instances) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String applicationId = "faults-kill-" + run;
    SeededTraffic traffic =
        SeededTraffic.generate(run, VISITORS, EVENTS_PER_VISITOR, SEED, Instant.now());
    BrokerView broker = new BrokerView(env);
    broker.define(traffic.flippingSegment());
    String web = Topics.WEB_EVENTS.name();
    long before = broker.end(web);
    long total = traffic.events().size();

    List<Path> stateDirs = new ArrayList<>();
    List<ScoringProcess> processes = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        stateDirs.add(Files.createTempDirectory("faults-state-" + i));
        processes.add(
            ScoringProcess.start(
                env, "kill-" + run + "-" + i + "a", applicationId, stateDirs.get(i)));
      }
      processes.forEach(ScoringProcess::awaitReady);
      CompletableFuture<Void> feeding =
          CompletableFuture.runAsync(() -> feed(env, traffic.events()));

      // Kill the first instance once a quarter of the input is committed as processed, before all
      // of it is.
      await("a quarter of the input processed")
          .atMost(CATCH_UP)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> broker.committed(applicationId, web) - before >= total / 4);
      processes.get(0).kill();
      long processedAtKill = broker.committed(applicationId, web) - before;
      assertThat(processedAtKill).as("the kill must land mid-run").isLessThan(total);

      feeding.get(2, TimeUnit.MINUTES);
      processes.set(
          0, ScoringProcess.start(env, "kill-" + run + "-0b", applicationId, stateDirs.get(0)));
      processes.get(0).awaitReady();
      await("the group caught up with the input")
          .atMost(CATCH_UP)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> broker.caughtUp(applicationId, web));

      Outcome reference =
          Reference.of(broker.segmentDefinitions(), traffic.events()).only(traffic::ours);
      Outcome actual = broker.outcome().only(traffic::ours);
      return new Figures(
          total,
          processedAtKill,
          reference,
          actual,
          actual.compareWith(reference),
          traffic.flippingSegment().getSegmentId());
    } finally {
      processes.forEach(ScoringProcess::close);
      for (Path dir : stateDirs) {
        BrokerView.deleteQuietly(dir);
      }
    }
  }

  /**
   * Sends the events in order, keyed as ingest keys them, with their event time, paced over
   * FEED_DURATION.
   */
  private static void feed(KafkaTestEnvironment env, List<WebEvent> events) {
    long pauseMillis = FEED_DURATION.toMillis() * FEED_BATCH / events.size();
    try (KafkaProducer<String, WebEvent> producer =
        env.producer(
            new StringSerializer(),
            Topics.WEB_EVENTS.valueSerde(env.registryConfig()).serializer())) {
      for (int i = 0; i < events.size(); i++) {
        WebEvent e = events.get(i);
        producer.send(
            new ProducerRecord<>(
                Topics.WEB_EVENTS.name(),
                null,
                e.getEventTime().toEpochMilli(),
                SeededTraffic.key(e),
                e));
        if ((i + 1) % FEED_BATCH == 0) {
          producer.flush();
          Thread.sleep(pauseMillis);
        }
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private record Figures(
      long events,
      long processedAtKill,
      Outcome reference,
      Outcome actual,
      Outcome.Comparison comparison,
      String flippingSegment) {

    long flips(SegmentChangeType type) {
      return reference.changes.values().stream()
          .flatMap(List::stream)
          .filter(c -> c.getSegmentId().equals(flippingSegment) && c.getChange() == type)
          .count();
    }

    void assertExact() {
      // The input must exercise what the test claims: every visitor scored, the segment entered and
      // left.
      assertThat(reference.profiles).hasSize(VISITORS);
      assertThat(flips(SegmentChangeType.ENTERED)).isPositive();
      assertThat(flips(SegmentChangeType.EXITED)).isPositive();
      assertThat(comparison.mismatches()).as(comparison.figures()).isEmpty();
      assertThat(comparison.duplicateSegmentChanges()).isZero();
      // Coalescing per publish interval may skip an enter-and-leave within one interval, never add.
      assertThat(actual.segmentChangeCount())
          .isPositive()
          .isLessThanOrEqualTo(reference.segmentChangeCount());
    }

    @Override
    public String toString() {
      return "events="
          + events
          + ", processed before the kill="
          + processedAtKill
          + ", "
          + comparison.figures()
          + ", segment changes="
          + actual.segmentChangeCount()
          + " (reference "
          + reference.segmentChangeCount()
          + ", of the flipping segment: "
          + flips(SegmentChangeType.ENTERED)
          + " ENTERED, "
          + flips(SegmentChangeType.EXITED)
          + " EXITED)";
    }
  }
}
