package io.leadpipe.notifier.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.policy.StepType;
import io.leadpipe.notifier.testing.FollowupVerifier;
import io.leadpipe.notifier.testing.HesitationFeed;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.FollowupDecision;
import io.leadpipe.schemas.followup.FollowupTrigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeadpipeKafkaExtension.class)
class NotifierRestartIT {

  @Test
  void aNotifierKilledMidSequenceResumesFromKafkaWithNoDuplicateAndNoLostStep(
      KafkaTestEnvironment env) throws Exception {
    // Given a three-step sequence a few seconds apart, and no quiet hours, cooldown or cap in the
    // way
    PolicyConfig config =
        PolicyConfig.defaults()
            .withSequences(
                Map.of(
                    HesitationKind.CART_ABANDONED,
                    List.of(
                        new PolicyConfig.Step(StepType.REMINDER, Duration.ofSeconds(3)),
                        new PolicyConfig.Step(StepType.REASON_PLAY, Duration.ofSeconds(8)),
                        new PolicyConfig.Step(StepType.SURVEY, Duration.ofSeconds(12)))))
            .withGuardrails(
                0, Duration.ofDays(7), Duration.ZERO, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    String run = UUID.randomUUID().toString().substring(0, 8);
    String appId = "notifier-restart-" + run;
    String visitor = "v-" + run;
    String hesitationId = "h-" + run;

    FollowupVerifier verifier = new FollowupVerifier(env, hesitationId);

    List<String> firstSent = new CopyOnWriteArrayList<>();
    List<String> secondSent = new CopyOnWriteArrayList<>();
    KafkaStreams first =
        start(
            env,
            config,
            appId,
            Files.createTempDirectory("notifier-a"),
            hesitationId,
            firstSent::add);
    try (HesitationFeed feed = new HesitationFeed(env)) {
      feed.publish(visitor, hesitationId, HesitationKind.CART_ABANDONED, HesitationReason.QUALITY);
    }

    // When the first step has gone out, the notifier dies without a clean shutdown and a new one
    // starts with
    // an empty local state directory (everything it knows must come back from Kafka)
    await().atMost(Duration.ofSeconds(30)).until(() -> verifier.triggers().size() >= 1);
    first.close(Duration.ZERO);
    KafkaStreams second =
        start(
            env,
            config,
            appId,
            Files.createTempDirectory("notifier-b"),
            hesitationId,
            secondSent::add);
    try {
      // Then the pending steps still fire, once each
      await().atMost(Duration.ofSeconds(60)).until(() -> verifier.triggers().size() >= 3);
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> verifier.triggers().size() == 3);
      assertThat(verifier.triggers())
          .extracting(FollowupTrigger::getTriggerId, FollowupTrigger::getPlay)
          .containsExactly(
              org.assertj.core.api.Assertions.tuple(hesitationId + "#1", FollowupPlay.REMINDER),
              org.assertj.core.api.Assertions.tuple(
                  hesitationId + "#2", FollowupPlay.QUALITY_REASSURANCE),
              org.assertj.core.api.Assertions.tuple(hesitationId + "#3", FollowupPlay.SURVEY));
      assertThat(verifier.decisions())
          .extracting(FollowupDecision::getOutcome)
          .containsOnly(DecisionOutcome.SENT);
      assertThat(verifier.decisions())
          .extracting(FollowupDecision::getDecisionId)
          .doesNotHaveDuplicates()
          .hasSize(3);
      // The steps after the crash were sent by the restarted instance, from state it restored
      assertThat(firstSent).containsExactly(hesitationId + "#1");
      assertThat(secondSent).containsExactly(hesitationId + "#2", hesitationId + "#3");
    } finally {
      second.close(Duration.ofSeconds(10));
      first.close(Duration.ofSeconds(10));
      verifier.close();
    }
  }

  private static KafkaStreams start(
      KafkaTestEnvironment env,
      PolicyConfig config,
      String appId,
      Path stateDir,
      String hesitationId,
      java.util.function.Consumer<String> sent) {
    return InJvmNotifier.start(
        env,
        config,
        appId,
        stateDir,
        d -> {
          // A new application reads its inputs from the beginning, so hesitations that other test
          // classes left on this JVM's broker are followed up too: only this run's steps count.
          if (d.getOutcome() == DecisionOutcome.SENT && hesitationId.equals(d.getHesitationId())) {
            sent.accept(d.getTriggerId());
          }
        });
  }
}
