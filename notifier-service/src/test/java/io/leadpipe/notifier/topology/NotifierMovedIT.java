package io.leadpipe.notifier.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.ClusterKafkaTestEnvironment;
import io.leadpipe.devkit.test.WithKafkaCluster;
import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.policy.StepType;
import io.leadpipe.notifier.testing.Fixtures;
import io.leadpipe.notifier.testing.FollowupVerifier;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.FollowupDecision;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;

/**
 * Given two notifier instances on the three-node cluster sharing the follow-up sequences of many
 * visitors (three steps a few seconds apart), when one instance leaves after the first step (a
 * rolling restart: its tasks move to the other) and comes back after the second, then every visitor
 * gets each step exactly once, in order, and every decision is written once. The move is proven:
 * steps after the first were sent by the other instance for visitors whose first step came from the
 * leaving one. How late the steps after the move were is printed.
 */
@WithKafkaCluster
class NotifierMovedIT {

  private static final int VISITORS = 24;
  private static final List<Duration> STEP_DELAYS =
      List.of(Duration.ofSeconds(4), Duration.ofSeconds(9), Duration.ofSeconds(14));
  private static final Duration TICK = Duration.ofMillis(200);
  private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
  private static final Duration HEARTBEAT = Duration.ofSeconds(1);
  private static final Duration QUIET = Duration.ofSeconds(3);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aSequenceMovedBetweenInstancesLosesAndRepeatsNoStep(ClusterKafkaTestEnvironment env)
      throws Exception {
    PolicyConfig config =
        PolicyConfig.defaults()
            .withSequences(
                Map.of(
                    HesitationKind.CART_ABANDONED,
                    List.of(
                        new PolicyConfig.Step(StepType.REMINDER, STEP_DELAYS.get(0)),
                        new PolicyConfig.Step(StepType.REASON_PLAY, STEP_DELAYS.get(1)),
                        new PolicyConfig.Step(StepType.SURVEY, STEP_DELAYS.get(2)))))
            .withGuardrails(
                0, Duration.ofDays(7), Duration.ZERO, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    String run = UUID.randomUUID().toString().substring(0, 8);
    String appId = "notifier-moved-" + run;
    String hesitationPrefix = "h-" + run + "-";
    FollowupVerifier verifier = new FollowupVerifier(env, hesitationPrefix);

    // Trigger ids each instance sent, as its decision listener saw them
    Map<String, String> sentBy = new ConcurrentHashMap<>();
    Path stateA = Files.createTempDirectory("notifier-moved-a");
    KafkaStreams a = start(env, config, appId, stateA, hesitationPrefix, "a", sentBy);
    KafkaStreams b =
        start(
            env,
            config,
            appId,
            Files.createTempDirectory("notifier-moved-b"),
            hesitationPrefix,
            "b",
            sentBy);
    KafkaStreams aAgain = null;
    try {
      await("both instances running with tasks of their own")
          .atMost(WAIT)
          .until(() -> hasActiveTasks(a) && hasActiveTasks(b));

      Instant detectedAt = Instant.now();
      sendHesitations(env, run, hesitationPrefix, detectedAt);

      // When the first step has gone out to everyone, instance a leaves
      await("step 1 for every visitor")
          .atMost(WAIT)
          .until(() -> steps(verifier.triggers(), 1) == VISITORS);
      long leftAt = System.nanoTime();
      a.close(Duration.ofSeconds(10));
      await("b takes over")
          .atMost(WAIT)
          .until(() -> b.state() == KafkaStreams.State.RUNNING && hasActiveTasks(b));
      Duration takeOver = Duration.ofNanos(System.nanoTime() - leftAt);

      // ... and comes back after the second
      await("step 2 for every visitor")
          .atMost(WAIT)
          .until(() -> steps(verifier.triggers(), 2) == VISITORS);
      aAgain = start(env, config, appId, stateA, hesitationPrefix, "a-again", sentBy);

      // Then every step went out once, in order, for every visitor
      await("step 3 for every visitor")
          .atMost(WAIT)
          .until(() -> steps(verifier.triggers(), 3) == VISITORS);
      await("no further step")
          .during(QUIET)
          .atMost(QUIET.plusSeconds(2))
          .until(() -> verifier.triggers().size() == 3 * VISITORS);

      Map<String, List<Integer>> stepsByHesitation =
          verifier.triggers().stream()
              .collect(
                  Collectors.groupingBy(
                      FollowupTrigger::getHesitationId,
                      Collectors.mapping(FollowupTrigger::getStep, Collectors.toList())));
      List<String> movedFromA =
          sentBy.entrySet().stream()
              .filter(e -> e.getKey().endsWith("#1") && e.getValue().equals("a"))
              .map(e -> e.getKey().substring(0, e.getKey().length() - 2))
              .filter(h -> "b".equals(sentBy.get(h + "#2")))
              .toList();
      String figures =
          String.format(
              "%d visitors; b took over a's tasks %d ms after a left; sequences moved a→b %d; "
                  + "steps sent by a/b/a-again %d/%d/%d; lateness ms (max) step 1 %d, step 2 %d, step 3 %d",
              VISITORS,
              takeOver.toMillis(),
              movedFromA.size(),
              count(sentBy, "a"),
              count(sentBy, "b"),
              count(sentBy, "a-again"),
              maxLateness(verifier.triggers(), detectedAt, 1),
              maxLateness(verifier.triggers(), detectedAt, 2),
              maxLateness(verifier.triggers(), detectedAt, 3));
      System.out.println("[notifier-moved] " + figures);

      assertThat(stepsByHesitation).as(figures).hasSize(VISITORS);
      assertThat(stepsByHesitation.values())
          .as("each visitor's steps, in order, once: " + figures)
          .allSatisfy(steps -> assertThat(steps).containsExactly(1, 2, 3));
      assertThat(verifier.triggers())
          .extracting(FollowupTrigger::getTriggerId)
          .as(figures)
          .doesNotHaveDuplicates();
      assertThat(verifier.decisions())
          .extracting(FollowupDecision::getOutcome)
          .containsOnly(DecisionOutcome.SENT);
      assertThat(verifier.decisions())
          .extracting(FollowupDecision::getDecisionId)
          .doesNotHaveDuplicates()
          .hasSize(3 * VISITORS);
      assertThat(movedFromA).as("sequences that moved from a to b: " + figures).isNotEmpty();
    } finally {
      if (aAgain != null) {
        aAgain.close(Duration.ofSeconds(10));
      }
      b.close(Duration.ofSeconds(10));
      a.close(Duration.ofSeconds(10));
      verifier.close();
    }
  }

  private static void sendHesitations(
      ClusterKafkaTestEnvironment env, String run, String hesitationPrefix, Instant detectedAt)
      throws Exception {
    try (KafkaProducer<String, ProspectProfile> profiles =
            env.producer(
                Topics.PROSPECT_PROFILES.keySerde().serializer(),
                Topics.PROSPECT_PROFILES.valueSerde(env.registryConfig()).serializer());
        KafkaProducer<String, Hesitation> hesitations =
            env.producer(
                Topics.HESITATIONS.keySerde().serializer(),
                Topics.HESITATIONS.valueSerde(env.registryConfig()).serializer())) {
      for (int i = 0; i < VISITORS; i++) {
        String visitor = "v-" + run + "-" + i;
        profiles
            .send(
                new ProducerRecord<>(
                    Topics.PROSPECT_PROFILES.name(), visitor, Fixtures.consenting(visitor, "UTC")))
            .get();
      }
      for (int i = 0; i < VISITORS; i++) {
        String visitor = "v-" + run + "-" + i;
        hesitations
            .send(
                new ProducerRecord<>(
                    Topics.HESITATIONS.name(),
                    visitor,
                    Fixtures.detected(
                        visitor,
                        hesitationPrefix + i,
                        HesitationKind.CART_ABANDONED,
                        HesitationReason.QUALITY,
                        detectedAt)))
            .get();
      }
    }
  }

  /**
   * One notifier instance of the application, its internal topics replicated like the cluster's.
   */
  private static KafkaStreams start(
      ClusterKafkaTestEnvironment env,
      PolicyConfig config,
      String appId,
      Path stateDir,
      String hesitationPrefix,
      String instance,
      Map<String, String> sentBy) {
    NotifierTopology topology =
        new NotifierTopology(
            new FollowupPolicy(config, Clock.systemUTC()),
            ValueSerdes.registry(env.registryConfig()),
            d -> {
              // Other test classes' hesitations on this cluster are followed up too: only ours
              // count.
              if (d.getOutcome() == DecisionOutcome.SENT
                  && d.getHesitationId().startsWith(hesitationPrefix)) {
                sentBy.merge(d.getTriggerId(), instance, (was, now) -> was + "+" + now);
              }
            },
            TICK);
    Properties props =
        NotifierStreamsConfig.of(
            env.bootstrapServers(),
            appId,
            stateDir.toString(),
            COMMIT_INTERVAL,
            env.registryConfig());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) env.replicationFactor());
    props.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
        (int) SESSION_TIMEOUT.toMillis());
    props.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
        (int) HEARTBEAT.toMillis());
    KafkaStreams streams = new KafkaStreams(topology.build(), props);
    streams.start();
    await(instance + " running")
        .atMost(WAIT)
        .until(() -> streams.state() == KafkaStreams.State.RUNNING);
    return streams;
  }

  private static boolean hasActiveTasks(KafkaStreams streams) {
    return streams.state() == KafkaStreams.State.RUNNING
        && streams.metadataForLocalThreads().stream()
            .map(ThreadMetadata::activeTasks)
            .anyMatch(tasks -> !tasks.isEmpty());
  }

  private static long steps(List<FollowupTrigger> triggers, int step) {
    return triggers.stream().filter(t -> t.getStep() == step).count();
  }

  private static long count(Map<String, String> sentBy, String instance) {
    return sentBy.values().stream().filter(instance::equals).count();
  }

  /** How long after its due time the latest trigger of a step was created, in ms. */
  private static long maxLateness(List<FollowupTrigger> triggers, Instant detectedAt, int step) {
    Instant due = detectedAt.plus(STEP_DELAYS.get(step - 1));
    return triggers.stream()
        .filter(t -> t.getStep() == step)
        .mapToLong(t -> t.getCreatedAt().toEpochMilli() - due.toEpochMilli())
        .max()
        .orElse(-1);
  }
}
