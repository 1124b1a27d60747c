package io.leadpipe.notifier.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.strategy.Assignment;
import io.leadpipe.notifier.strategy.StrategyDrafts;
import io.leadpipe.notifier.strategy.StrategyRecords;
import io.leadpipe.notifier.testing.Fixtures;
import io.leadpipe.notifier.topology.DecisionListener;
import io.leadpipe.notifier.topology.InJvmNotifier;
import io.leadpipe.notifier.webhook.Receiver;
import io.leadpipe.notifier.webhook.WebhookDispatchers;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.FollowupStrategy;
import io.leadpipe.schemas.followup.StrategyResult;
import io.leadpipe.schemas.followup.UpliftResult;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * End to end on the embedded broker: hesitating visitors split by a strategy with a holdout, the
 * treated ones followed up through a real webhook endpoint (deliveries recorded by the dispatcher),
 * some visitors of both arms buy, and leadpipe.strategy-results shows the expected counts and the
 * uplift's interval.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class StrategyResultsIT {

  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final int PER_ARM = 4;

  @Test
  void hesitatingVisitorsSplitByAHoldoutBuyAndTheResultsShowTheUplift(KafkaTestEnvironment env)
      throws Exception {
    // Given a strategy for this run's segment only (other tests' hesitations on the shared topics
    // are not in it), half held out, one play a second after detection, no quiet hours
    String run = UUID.randomUUID().toString().substring(0, 8);
    String strategyId = "results-" + run;
    String segment = "it-" + run;
    FollowupStrategy strategy =
        FollowupStrategy.newBuilder(
                StrategyDrafts.parse(
                    """
                    {"strategyId": "%s", "name": "Results", "priority": 1000,
                     "audience": {"requiredSegments": ["%s"]},
                     "steps": [{"type": "REASON_PLAY", "delay": "1s"}],
                     "guardrails": {"quietStart": "00:00", "quietEnd": "00:00"},
                     "holdoutShare": 0.5}
                    """
                        .formatted(strategyId, segment),
                    null))
            .setVersion(1)
            .setUpdatedAt(Instant.now())
            .build();
    List<String> held = visitorsIn("holdout", strategy, run);
    List<String> treated = visitorsIn("base", strategy, run);
    try (KafkaProducer<String, FollowupStrategy> strategies =
        env.producer(
            Topics.FOLLOWUP_STRATEGIES.keySerde().serializer(),
            Topics.FOLLOWUP_STRATEGIES.valueSerde(env.registryConfig()).serializer())) {
      strategies
          .send(new ProducerRecord<>(Topics.FOLLOWUP_STRATEGIES.name(), strategyId, strategy))
          .get();
    }
    String appId = "notifier-results-" + run;
    AtomicReference<StrategyResult> latest = new AtomicReference<>();
    try (Receiver crm = new Receiver();
        WebhookDispatchers dispatchers =
            new WebhookDispatchers(
                List.of(
                    crm.endpoint("crm", Receiver.every(Duration.ofMillis(200), 3), WAIT, 4, 100)),
                env.bootstrapServers(),
                appId,
                env.registryConfig(),
                WebhookDispatchers.defaultSender(),
                Clock.systemUTC(),
                (endpoint, outcome) -> {});
        ResultsReader reader = new ResultsReader(env, strategyId, latest)) {
      KafkaStreams notifier =
          InJvmNotifier.start(
              env,
              PolicyConfig.defaults(),
              appId,
              Files.createTempDirectory("notifier-results"),
              DecisionListener.NONE);
      try {
        dispatchers.start();

        // When every visitor hesitates
        Instant detectedAt = Instant.now();
        try (KafkaProducer<String, ProspectProfile> profiles =
                env.producer(
                    Topics.PROSPECT_PROFILES.keySerde().serializer(),
                    Topics.PROSPECT_PROFILES.valueSerde(env.registryConfig()).serializer());
            KafkaProducer<String, Hesitation> hesitations =
                env.producer(
                    Topics.HESITATIONS.keySerde().serializer(),
                    Topics.HESITATIONS.valueSerde(env.registryConfig()).serializer())) {
          for (String v : concat(held, treated)) {
            // Timestamps before the hesitations': Streams reads the two topics in timestamp order
            // and the strategy's audience is read from the profile at detection (HesitationFeed)
            profiles.send(
                new ProducerRecord<>(
                    Topics.PROSPECT_PROFILES.name(),
                    null,
                    detectedAt.toEpochMilli() - 1,
                    v,
                    ProspectProfile.newBuilder(Fixtures.consenting(v, "UTC"))
                        .setSegments(List.of(segment))
                        .build()));
          }
          profiles.flush();
          for (String v : concat(held, treated)) {
            hesitations.send(
                new ProducerRecord<>(
                    Topics.HESITATIONS.name(),
                    null,
                    detectedAt.toEpochMilli(),
                    v,
                    Fixtures.detected(
                        v,
                        "h-" + v,
                        HesitationKind.CART_ABANDONED,
                        HesitationReason.PRICE,
                        detectedAt)));
          }
        }
        // Then the treated visitors' follow-ups reach the receiver and are recorded as delivered
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(arms(latest.get()))
                        .containsExactly(
                            tuple("holdout", 4L, 0L, 0L, 0L), tuple("base", 4L, 0L, 4L, 0L)));
        assertThat(crm.deliveredInOrder)
            .containsAll(treated.stream().map(v -> "h-" + v + "#1").toList());

        // When two treated visitors and one held-out visitor buy
        Instant boughtAt = Instant.now();
        try (KafkaProducer<String, WebEvent> web =
            env.producer(
                Topics.WEB_EVENTS.keySerde().serializer(),
                Topics.WEB_EVENTS.valueSerde(env.registryConfig()).serializer())) {
          for (String v : List.of(treated.get(0), treated.get(1), held.get(0))) {
            web.send(
                new ProducerRecord<>(
                    Topics.WEB_EVENTS.name(), v, Fixtures.purchase(v, "o-" + v, boughtAt)));
          }
        }

        // Then the results show them in their arms, and the uplift with its interval
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(arms(latest.get()))
                        .containsExactly(
                            tuple("holdout", 4L, 1L, 0L, 0L), tuple("base", 4L, 2L, 4L, 2L)));
        StrategyResult r = latest.get();
        UpliftResult u = r.getArms().get(1).getVersusHoldout();
        Uplift.Interval expected =
            Uplift.rateDifference(
                new Uplift.Arm(PER_ARM, 2, 0, 0), new Uplift.Arm(PER_ARM, 1, 0, 0), Uplift.Z_95);
        assertThat(u.getRateDifference()).isEqualTo(0.25);
        assertThat(u.getRateLower()).isEqualTo(expected.lower());
        assertThat(u.getRateUpper()).isEqualTo(expected.upper());
        assertThat(u.getRateLower()).isNegative();
        assertThat(u.getRateSignificant()).as("4 visitors per arm prove nothing").isFalse();
        assertThat(r.getArms().get(1).getRevenuePerVisitor()).isEqualTo(2 * 89.0 / PER_ARM);
        assertThat(u.getRevenuePerVisitorDifference()).isEqualTo((2 * 89.0 - 89.0) / PER_ARM);
      } finally {
        notifier.close(Duration.ofSeconds(10));
        // The broker is shared by this JVM's tests: they expect no strategy stored.
        try (KafkaProducer<String, FollowupStrategy> strategies =
            env.producer(
                Topics.FOLLOWUP_STRATEGIES.keySerde().serializer(),
                Topics.FOLLOWUP_STRATEGIES.valueSerde(env.registryConfig()).serializer())) {
          strategies
              .send(new ProducerRecord<>(Topics.FOLLOWUP_STRATEGIES.name(), strategyId, null))
              .get();
        }
      }
    }
  }

  private static List<Object> arms(StrategyResult r) {
    assertThat(r).as("a result for the strategy").isNotNull();
    return r.getArms().stream()
        .map(
            a ->
                (Object)
                    tuple(
                        a.getVariantId(),
                        a.getAssigned(),
                        a.getConverted(),
                        a.getDelivered(),
                        a.getDeliveredConversions()))
        .toList();
  }

  private static List<String> visitorsIn(String arm, FollowupStrategy s, String run) {
    return IntStream.range(0, 1_000)
        .mapToObj(i -> "v-" + run + "-" + i)
        .filter(v -> Assignment.variantOf(v, StrategyRecords.of(s)).equals(arm))
        .limit(PER_ARM)
        .toList();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  /**
   * Keeps the latest result of one strategy from leadpipe.strategy-results, as a consumer would.
   */
  private static final class ResultsReader implements AutoCloseable {
    private final Thread thread;
    private volatile boolean reading = true;

    ResultsReader(
        KafkaTestEnvironment env, String strategyId, AtomicReference<StrategyResult> latest) {
      KafkaConsumer<String, StrategyResult> consumer =
          env.consumer(
              "results-" + strategyId,
              Topics.STRATEGY_RESULTS.keySerde().deserializer(),
              Topics.STRATEGY_RESULTS.valueSerde(env.registryConfig()).deserializer());
      consumer.subscribe(Set.of(Topics.STRATEGY_RESULTS.name()));
      thread =
          new Thread(
              () -> {
                try (consumer) {
                  while (reading) {
                    consumer
                        .poll(Duration.ofMillis(100))
                        .forEach(
                            rec -> {
                              if (strategyId.equals(rec.key())) {
                                latest.set(rec.value());
                              }
                            });
                  }
                }
              },
              "results-reader");
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      reading = false;
      thread.join(10_000);
    }
  }
}
