package io.leadpipe.notifier.topology;

import static io.leadpipe.notifier.testing.Fixtures.consenting;
import static io.leadpipe.notifier.testing.Fixtures.detected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.strategy.Assignment;
import io.leadpipe.notifier.strategy.DefaultStrategies;
import io.leadpipe.notifier.strategy.StrategyDrafts;
import io.leadpipe.notifier.strategy.StrategyRecords;
import io.leadpipe.notifier.testing.AvroBinarySerdes;
import io.leadpipe.notifier.testing.TopologyDrivers;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.DecisionReason;
import io.leadpipe.schemas.followup.FollowupDecision;
import io.leadpipe.schemas.followup.FollowupStrategy;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.streams.global.GlobalTableLoader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Strategies from the global table: audience and priority choose, the visitor's arm (holdout or
 * variant) is recorded on every decision, edits apply to new hesitations at once and running
 * sequences keep the version they started with.
 */
class StrategyTopologyTest {

  // 09:00 UTC: outside the default quiet hours for every step below.
  private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

  private static final String PRICE_VIP =
      """
      {"strategyId": "price-vip", "name": "Price-sensitive returning visitors", "priority": 10,
       "audience": {"requiredSegments": ["returning"], "reasons": ["PRICE"]},
       "steps": [{"type": "REASON_PLAY", "delay": "30m", "templateKey": "vip-offer"}],
       "plays": {"PRICE": {"play": "DISCOUNT_OFFER", "attributes": {"discount-percent": "25"}}},
       "holdoutShare": 0}
      """;

  private final AvroBinarySerdes serdes = new AvroBinarySerdes();
  private TopologyTestDriver driver;
  private TestInputTopic<String, FollowupStrategy> strategies;
  private TestInputTopic<String, Hesitation> hesitations;
  private TestInputTopic<String, ProspectProfile> profiles;
  private TestOutputTopic<String, FollowupTrigger> triggers;
  private TestOutputTopic<String, FollowupDecision> decisions;

  @BeforeEach
  void start() {
    FollowupPolicy policy = new FollowupPolicy(PolicyConfig.defaults(), Clock.systemUTC());
    driver =
        new TopologyTestDriver(
            new NotifierTopology(policy, serdes, DecisionListener.NONE, Duration.ofSeconds(1))
                .build(),
            TopologyDrivers.exactlyOnce("notifier-strategy-test"),
            T0);
    strategies =
        driver.createInputTopic(
            Topics.FOLLOWUP_STRATEGIES.name(),
            Topics.FOLLOWUP_STRATEGIES.keySerde().serializer(),
            serdes.forTopic(Topics.FOLLOWUP_STRATEGIES).serializer());
    hesitations =
        driver.createInputTopic(
            Topics.HESITATIONS.name(),
            Topics.HESITATIONS.keySerde().serializer(),
            serdes.forTopic(Topics.HESITATIONS).serializer());
    profiles =
        driver.createInputTopic(
            Topics.PROSPECT_PROFILES.name(),
            Topics.PROSPECT_PROFILES.keySerde().serializer(),
            serdes.forTopic(Topics.PROSPECT_PROFILES).serializer());
    triggers =
        driver.createOutputTopic(
            Topics.FOLLOWUP_TRIGGERS.name(),
            Topics.FOLLOWUP_TRIGGERS.keySerde().deserializer(),
            serdes.forTopic(Topics.FOLLOWUP_TRIGGERS).deserializer());
    decisions =
        driver.createOutputTopic(
            Topics.FOLLOWUP_DECISIONS.name(),
            Topics.FOLLOWUP_DECISIONS.keySerde().deserializer(),
            serdes.forTopic(Topics.FOLLOWUP_DECISIONS).deserializer());
    for (FollowupStrategy d : DefaultStrategies.of(PolicyConfig.defaults())) {
      strategies.pipeInput(d.getStrategyId(), stamped(d, 1), T0);
    }
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void the_seeded_defaults_send_what_the_configuration_sends_and_name_themselves() {
    detect("v-1", "h-1", HesitationReason.REVIEWS);

    driver.advanceWallClockTime(Duration.ofHours(1));
    driver.advanceWallClockTime(Duration.ofHours(23));

    assertThat(triggers.readValuesToList())
        .extracting(FollowupTrigger::getPlay, t -> t.getAttributes().get("strategy-id"))
        .containsExactly(
            tuple(FollowupPlay.REMINDER, "default-cart-abandoned"),
            tuple(FollowupPlay.SOCIAL_PROOF, "default-cart-abandoned"));
    assertThat(decisions.readValuesToList())
        .extracting(
            FollowupDecision::getOutcome,
            FollowupDecision::getStrategyId,
            FollowupDecision::getStrategyVersion,
            FollowupDecision::getVariantId)
        .containsExactly(
            tuple(DecisionOutcome.SENT, "default-cart-abandoned", 1, "base"),
            tuple(DecisionOutcome.SENT, "default-cart-abandoned", 1, "base"));
  }

  @Test
  void the_matching_strategy_of_highest_priority_follows_up_and_others_keep_the_default() {
    strategies.pipeInput("price-vip", strategy(PRICE_VIP, 1), T0);

    detect("v-price", "h-1", HesitationReason.PRICE);
    detect("v-reviews", "h-2", HesitationReason.REVIEWS);
    driver.advanceWallClockTime(Duration.ofMinutes(30));

    assertThat(triggers.readKeyValuesToList())
        .extracting(
            kv -> kv.key,
            kv -> kv.value.getPlay(),
            kv -> kv.value.getAttributes().get("discount-percent"),
            kv -> kv.value.getAttributes().get("template-key"),
            kv -> kv.value.getAttributes().get("strategy-id"))
        .containsExactly(
            tuple("v-price", FollowupPlay.DISCOUNT_OFFER, "25", "vip-offer", "price-vip"));
    driver.advanceWallClockTime(Duration.ofMinutes(30));
    assertThat(triggers.readKeyValuesToList())
        .extracting(kv -> kv.key, kv -> kv.value.getPlay())
        .containsExactly(tuple("v-reviews", FollowupPlay.REMINDER));
  }

  @Test
  void a_held_out_visitor_gets_nothing_and_the_holdout_is_on_record_once() {
    FollowupStrategy halfHeldOut =
        strategy(PRICE_VIP.replace("\"holdoutShare\": 0", "\"holdoutShare\": 0.5"), 1);
    strategies.pipeInput("price-vip", halfHeldOut, T0);
    String heldOut = visitorIn("holdout", halfHeldOut);
    String treated = visitorIn("base", halfHeldOut);

    detect(heldOut, "h-1", HesitationReason.PRICE);
    detect(treated, "h-2", HesitationReason.PRICE);
    // a re-delivered detection decides nothing again
    hesitations.pipeInput(
        heldOut,
        detected(heldOut, "h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0),
        T0);
    driver.advanceWallClockTime(Duration.ofDays(10));

    assertThat(triggers.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(treated);
    assertThat(decisions.readValuesToList())
        .extracting(
            FollowupDecision::getVisitorId,
            FollowupDecision::getOutcome,
            FollowupDecision::getReason,
            FollowupDecision::getStrategyId,
            FollowupDecision::getVariantId,
            FollowupDecision::getTriggerId)
        .containsExactly(
            tuple(
                heldOut,
                DecisionOutcome.SUPPRESSED,
                DecisionReason.HELD_OUT,
                "price-vip",
                "holdout",
                null),
            tuple(treated, DecisionOutcome.SENT, DecisionReason.OK, "price-vip", "base", "h-2#1"));
  }

  @Test
  void each_variant_sends_its_overrides_and_is_named_on_the_decisions() {
    FollowupStrategy ab =
        strategy(
            PRICE_VIP.replace(
                "\"holdoutShare\": 0",
                """
                "holdoutShare": 0,
                "variants": [{"variantId": "a", "weight": 1},
                             {"variantId": "b", "weight": 1,
                              "stepOverrides": [{"step": 1, "delay": "2h",
                                                 "attributes": {"discount-percent": "30"}}]}]
                """),
            1);
    strategies.pipeInput("price-vip", ab, T0);
    String a = visitorIn("a", ab);
    String b = visitorIn("b", ab);

    detect(a, "h-1", HesitationReason.PRICE);
    detect(b, "h-2", HesitationReason.PRICE);
    driver.advanceWallClockTime(Duration.ofMinutes(30));
    assertThat(triggers.readKeyValuesToList())
        .extracting(
            kv -> kv.key,
            kv -> kv.value.getAttributes().get("discount-percent"),
            kv -> kv.value.getAttributes().get("variant"))
        .containsExactly(tuple(a, "25", "a"));
    driver.advanceWallClockTime(Duration.ofMinutes(90));
    assertThat(triggers.readKeyValuesToList())
        .extracting(
            kv -> kv.key,
            kv -> kv.value.getAttributes().get("discount-percent"),
            kv -> kv.value.getAttributes().get("variant"))
        .containsExactly(tuple(b, "30", "b"));
    assertThat(decisions.readValuesToList())
        .extracting(FollowupDecision::getVisitorId, FollowupDecision::getVariantId)
        .containsExactly(tuple(a, "a"), tuple(b, "b"));
  }

  @Test
  void an_edit_applies_to_the_next_hesitation_and_a_running_sequence_keeps_its_version() {
    strategies.pipeInput("price-vip", strategy(PRICE_VIP, 1), T0);
    detect("v-before", "h-1", HesitationReason.PRICE);

    strategies.pipeInput(
        "price-vip",
        strategy(
            PRICE_VIP
                .replace("\"delay\": \"30m\"", "\"delay\": \"10m\"")
                .replace("\"discount-percent\": \"25\"", "\"discount-percent\": \"35\""),
            2),
        T0);
    detect("v-after", "h-2", HesitationReason.PRICE);
    driver.advanceWallClockTime(Duration.ofMinutes(10));
    assertThat(triggers.readKeyValuesToList())
        .extracting(
            kv -> kv.key,
            kv -> kv.value.getAttributes().get("discount-percent"),
            kv -> kv.value.getAttributes().get("strategy-version"))
        .containsExactly(tuple("v-after", "35", "2"));
    driver.advanceWallClockTime(Duration.ofMinutes(20));
    assertThat(triggers.readKeyValuesToList())
        .extracting(
            kv -> kv.key,
            kv -> kv.value.getAttributes().get("discount-percent"),
            kv -> kv.value.getAttributes().get("strategy-version"))
        .containsExactly(tuple("v-before", "25", "1"));
    assertThat(decisions.readValuesToList())
        .extracting(FollowupDecision::getVisitorId, FollowupDecision::getStrategyVersion)
        .containsExactly(tuple("v-after", 2), tuple("v-before", 1));
  }

  @Test
  void a_deleted_or_disabled_strategy_starts_nothing_more() {
    strategies.pipeInput("price-vip", strategy(PRICE_VIP, 1), T0);
    strategies.pipeInput(
        "default-cart-abandoned",
        stamped(
            FollowupStrategy.newBuilder(
                    DefaultStrategies.of(PolicyConfig.defaults()).stream()
                        .filter(d -> d.getStrategyId().equals("default-cart-abandoned"))
                        .findFirst()
                        .orElseThrow())
                .setEnabled(false)
                .build(),
            2),
        T0);
    strategies.pipeInput("price-vip", null, T0);

    detect("v-1", "h-1", HesitationReason.PRICE);
    driver.advanceWallClockTime(Duration.ofDays(10));

    assertThat(triggers.isEmpty()).isTrue();
    assertThat(decisions.isEmpty()).isTrue();
  }

  @Test
  void a_record_that_is_no_strategy_is_skipped_and_counted_and_the_table_goes_on() {
    TestInputTopic<String, byte[]> raw =
        driver.createInputTopic(
            Topics.FOLLOWUP_STRATEGIES.name(),
            Topics.FOLLOWUP_STRATEGIES.keySerde().serializer(),
            new ByteArraySerializer());
    raw.pipeInput("garbage", new byte[] {0, 0, 0, 0, 42, 7}, T0);
    strategies.pipeInput("price-vip", strategy(PRICE_VIP, 1), T0);

    detect("v-price", "h-1", HesitationReason.PRICE);
    driver.advanceWallClockTime(Duration.ofMinutes(30));

    assertThat(triggers.readValuesToList())
        .extracting(t -> t.getAttributes().get("strategy-id"))
        .containsExactly("price-vip");
    assertThat(
            driver.metrics().entrySet().stream()
                .filter(
                    m ->
                        m.getKey().name().equals(GlobalTableLoader.REJECTED + "-total")
                            && m.getKey()
                                .group()
                                .contains(NotifierTopology.STRATEGIES_METRIC_SCOPE))
                .map(m -> ((Number) m.getValue().metricValue()).doubleValue())
                .findFirst())
        .contains(1.0);
  }

  private void detect(String visitor, String hesitationId, HesitationReason reason) {
    profiles.pipeInput(visitor, consenting(visitor, "UTC"), T0);
    hesitations.pipeInput(
        visitor, detected(visitor, hesitationId, HesitationKind.CART_ABANDONED, reason, T0), T0);
  }

  /** The first visitor id whose arm in the strategy is {@code arm}. */
  private static String visitorIn(String arm, FollowupStrategy s) {
    Predicate<String> in = v -> Assignment.variantOf(v, StrategyRecords.of(s)).equals(arm);
    return IntStream.range(0, 1_000)
        .mapToObj(i -> "visitor-" + i)
        .filter(in)
        .findFirst()
        .orElseThrow();
  }

  private static FollowupStrategy strategy(String json, int version) {
    return stamped(StrategyDrafts.parse(json, null), version);
  }

  private static FollowupStrategy stamped(FollowupStrategy s, int version) {
    return FollowupStrategy.newBuilder(s).setVersion(version).setUpdatedAt(T0).build();
  }
}
