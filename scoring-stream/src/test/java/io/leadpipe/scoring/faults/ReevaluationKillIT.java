package io.leadpipe.scoring.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.segment.SegmentCategory;
import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.segment.SegmentChangeType;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A segment definition change over {@value #VISITORS} profiles is re-evaluated in chunks from a
 * cursor kept in a changelogged store. scoring-stream (a child JVM, exactly_once_v2) is killed with
 * kill -9 once the pass has published its first changes and restarted on the same state: the pass
 * must resume, every visitor must end with the right membership, and no visitor may get a second
 * ENTERED for the change (a pass redone from the start would publish nothing new, since unchanged
 * memberships produce no output, but a lost cursor write or a chunk applied twice would show here).
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class ReevaluationKillIT {

  /** The size: a pass of 50,000 profiles, many chunks per task. */
  private static final int VISITORS = 50_000;

  /**
   * A chunk per task and punctuation of at most this many profiles, however long it takes: the kill
   * lands after the first committed chunks, and each chunk is a cursor write the restart must
   * resume from. Larger than the default time budget lets through, so the pass does not take
   * minutes in a loaded build (20 ms per chunk walked about 260 profiles a second there).
   */
  private static final int CHUNK_SIZE = 500;

  private static final String CHUNK_TIME_BUDGET = "1s";

  /** The thread's share as large: every task's chunk runs in each interval, as counted above. */
  private static final String THREAD_TIME_BUDGET = CHUNK_TIME_BUDGET;

  private static final Duration CATCH_UP = Duration.ofMinutes(6);

  /** Matches nobody: no visitor views a product that often. */
  private static final String NOBODY =
      "{\"attr\":\"activity.productViews\",\"op\":\"gte\",\"value\":1000}";

  /** Matches the visitors whose one event was a product view: every second one. */
  private static final String PRODUCT_VIEWERS =
      "{\"attr\":\"activity.productViews\",\"op\":\"gte\",\"value\":1}";

  @Test
  void aPassKilledMidwayResumesAndEveryMembershipEndsRightWithNoDuplicateChange(
      KafkaTestEnvironment env) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String applicationId = "faults-reevaluation-" + run;
    String segmentId = "rk-" + run + "-viewers";
    String prefix = "rk-" + run + "-";
    BrokerView broker = new BrokerView(env);
    broker.define(segment(segmentId, 1, NOBODY));
    String web = Topics.WEB_EVENTS.name();
    Path stateDir = Files.createTempDirectory("faults-reevaluation-state");
    Map<String, String> settings =
        Map.of(
            "leadpipe.hesitations.enabled",
            "false",
            "leadpipe.scoring.reevaluation.chunk-size",
            String.valueOf(CHUNK_SIZE),
            "leadpipe.scoring.reevaluation.time-budget",
            CHUNK_TIME_BUDGET,
            "leadpipe.scoring.reevaluation.thread-time-budget",
            THREAD_TIME_BUDGET);
    ScoringProcess process =
        ScoringProcess.start(env, "reevaluation-" + run + "-a", applicationId, stateDir, settings);
    try {
      process.awaitReady();
      feed(env, prefix);
      await("every visitor scored")
          .atMost(CATCH_UP)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> broker.caughtUp(applicationId, web));

      broker.define(segment(segmentId, 2, PRODUCT_VIEWERS));
      await("the pass published its first changes")
          .atMost(CATCH_UP)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> entered(broker, segmentId, 2) > 0);
      process.kill();
      long enteredAtKill = entered(broker, segmentId, 2);
      assertThat(enteredAtKill).as("the kill must land mid-pass").isLessThan(VISITORS / 2);

      process =
          ScoringProcess.start(
              env, "reevaluation-" + run + "-b", applicationId, stateDir, settings);
      process.awaitReady();
      await("the pass finished after the restart")
          .atMost(CATCH_UP)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> entered(broker, segmentId, 2) >= VISITORS / 2);

      Outcome outcome = broker.outcome().only(v -> v.startsWith(prefix));
      System.out.println(
          "ReevaluationKillIT: "
              + VISITORS
              + " profiles, "
              + enteredAtKill
              + " ENTERED published before the kill, "
              + entered(broker, segmentId, 2)
              + " after");
      assertThat(outcome.profiles).hasSize(VISITORS);
      for (int i = 0; i < VISITORS; i++) {
        String visitor = prefix + i;
        boolean viewer = i % 2 == 1;
        ProspectProfile profile = outcome.profiles.get(visitor);
        assertThat(profile.getSegments().contains(segmentId)).as(visitor).isEqualTo(viewer);
        List<SegmentChangeType> changes =
            outcome.changes.getOrDefault(visitor, List.of()).stream()
                .filter(c -> c.getSegmentId().equals(segmentId))
                .map(SegmentChange::getChange)
                .toList();
        assertThat(changes)
            .as(visitor)
            .isEqualTo(viewer ? List.of(SegmentChangeType.ENTERED) : List.of());
      }
      assertThat(outcome.duplicateTransitions()).isZero();
    } finally {
      process.close();
      BrokerView.deleteQuietly(stateDir);
    }
  }

  /** ENTERED changes of the segment's {@code version} readable now (segment changes only). */
  private static long entered(BrokerView broker, String segmentId, int version) {
    long[] count = {0};
    broker.readAll(
        Topics.SEGMENT_CHANGES,
        (visitor, c) -> {
          if (c.getSegmentId().equals(segmentId)
              && c.getDefinitionVersion() == version
              && c.getChange() == SegmentChangeType.ENTERED) {
            count[0]++;
          }
        });
    return count[0];
  }

  private static SegmentDefinition segment(String id, int version, String rule) {
    return SegmentDefinition.newBuilder()
        .setSegmentId(id)
        .setName("Product viewers")
        .setCategory(SegmentCategory.BEHAVIOURAL)
        .setRule(rule)
        .setEnabled(true)
        .setVersion(version)
        .setUpdatedAt(Instant.now())
        .setUpdatedBy("faults-it")
        .build();
  }

  /** One event per visitor: a product view for every second one, a page view for the others. */
  private static void feed(KafkaTestEnvironment env, String prefix) {
    Instant at = Instant.now();
    try (KafkaProducer<String, WebEvent> producer =
        env.producer(
            new StringSerializer(),
            Topics.WEB_EVENTS.valueSerde(env.registryConfig()).serializer())) {
      for (int i = 0; i < VISITORS; i++) {
        String visitor = prefix + i;
        WebEventType type = i % 2 == 1 ? WebEventType.PRODUCT_VIEW : WebEventType.PAGE_VIEW;
        WebEvent e =
            WebEvent.newBuilder()
                .setMessageId("m-" + visitor)
                .setAnonymousId(visitor)
                .setEventTime(at)
                .setReceivedAt(at)
                .setSource("faults-it")
                .setContext(EventContext.newBuilder().build())
                .setType(type)
                .setName(type.name())
                .build();
        producer.send(
            new ProducerRecord<>(Topics.WEB_EVENTS.name(), null, at.toEpochMilli(), visitor, e));
      }
      producer.flush();
    }
  }
}
