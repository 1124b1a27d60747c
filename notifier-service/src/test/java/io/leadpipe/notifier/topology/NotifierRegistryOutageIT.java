package io.leadpipe.notifier.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.policy.StepType;
import io.leadpipe.notifier.testing.Fixtures;
import io.leadpipe.notifier.testing.FollowupVerifier;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Given a running notifier that has read and written each of its record types once (so their
 * schemas are cached by id), when the schema registry becomes unreachable, then the notifier keeps
 * running: it decodes new hesitations and profiles, keeps its stores, and emits every follow-up
 * step, which a reader with cached schemas decodes too.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class NotifierRegistryOutageIT {

  private static final int VISITORS = 3;
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void aNotifierWithCachedSchemasKeepsFollowingUpWhileTheRegistryIsDown(KafkaTestEnvironment env)
      throws Exception {
    PolicyConfig config =
        PolicyConfig.defaults()
            .withSequences(
                Map.of(
                    HesitationKind.CART_ABANDONED,
                    List.of(
                        new PolicyConfig.Step(StepType.REMINDER, Duration.ofSeconds(1)),
                        new PolicyConfig.Step(StepType.REASON_PLAY, Duration.ofSeconds(2)))))
            .withGuardrails(
                100, Duration.ofDays(7), Duration.ZERO, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    String run = UUID.randomUUID().toString().substring(0, 8);
    KafkaStreams notifier =
        InJvmNotifier.start(
            env,
            config,
            "notifier-registry-" + run,
            Files.createTempDirectory("notifier-registry"),
            DecisionListener.NONE);
    try (FollowupVerifier verifier = new FollowupVerifier(env, "h-" + run);
        KafkaProducer<String, ProspectProfile> profiles =
            env.producer(
                Topics.PROSPECT_PROFILES.keySerde().serializer(),
                Topics.PROSPECT_PROFILES.valueSerde(env.registryConfig()).serializer());
        KafkaProducer<String, Hesitation> hesitations =
            env.producer(
                Topics.HESITATIONS.keySerde().serializer(),
                Topics.HESITATIONS.valueSerde(env.registryConfig()).serializer())) {
      // Given every record type read and written once: a whole sequence has gone out
      publish(profiles, hesitations, "v-" + run + "-warm", "h-" + run + "-warm");
      await("warm-up sequence")
          .atMost(WAIT)
          .until(
              () ->
                  verifier
                      .triggerIds()
                      .containsAll(Set.of("h-" + run + "-warm#1", "h-" + run + "-warm#2")));

      env.stopSchemaRegistry();
      try {
        assertThatThrownBy(
                () ->
                    HttpClient.newHttpClient()
                        .send(
                            HttpRequest.newBuilder(
                                    URI.create(env.schemaRegistryUrl() + "/subjects"))
                                .build(),
                            HttpResponse.BodyHandlers.ofString()))
            .as("the registry is unreachable")
            .isInstanceOf(ConnectException.class);

        // When new prospects hesitate during the outage
        Set<String> expected = new TreeSet<>();
        for (int v = 0; v < VISITORS; v++) {
          publish(profiles, hesitations, "v-" + run + "-" + v, "h-" + run + "-" + v);
          expected.add("h-" + run + "-" + v + "#1");
          expected.add("h-" + run + "-" + v + "#2");
        }

        // Then their follow-ups go out and are read, from schemas already cached, and the notifier
        // keeps running
        await("follow-ups during the registry outage")
            .atMost(WAIT)
            .until(() -> verifier.triggerIds().containsAll(expected));
        String figures =
            String.format(
                "follow-up steps emitted while the registry was down: %d of %d; streams %s",
                expected.stream().filter(verifier.triggerIds()::contains).count(),
                expected.size(),
                notifier.state());
        System.out.println("[notifier-registry-outage] " + figures);
        assertThat(notifier.state()).as(figures).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(verifier.duplicateTriggers()).as(figures).isEmpty();
      } finally {
        env.startSchemaRegistry();
      }
    } finally {
      notifier.close(Duration.ofSeconds(10));
    }
  }

  private static void publish(
      KafkaProducer<String, ProspectProfile> profiles,
      KafkaProducer<String, Hesitation> hesitations,
      String visitor,
      String hesitationId)
      throws Exception {
    profiles
        .send(
            new ProducerRecord<>(
                Topics.PROSPECT_PROFILES.name(), visitor, Fixtures.consenting(visitor, "UTC")))
        .get();
    hesitations
        .send(
            new ProducerRecord<>(
                Topics.HESITATIONS.name(),
                visitor,
                Fixtures.detected(
                    visitor,
                    hesitationId,
                    HesitationKind.CART_ABANDONED,
                    HesitationReason.QUALITY,
                    Instant.now())))
        .get();
  }
}
