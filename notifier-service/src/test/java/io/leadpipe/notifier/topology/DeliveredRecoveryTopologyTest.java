package io.leadpipe.notifier.topology;

import static io.leadpipe.notifier.testing.Fixtures.consenting;
import static io.leadpipe.notifier.testing.Fixtures.detected;
import static io.leadpipe.notifier.testing.Fixtures.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.sequence.DeliveryCredit;
import io.leadpipe.notifier.strategy.Assignment;
import io.leadpipe.notifier.strategy.StrategyDrafts;
import io.leadpipe.notifier.strategy.StrategyRecords;
import io.leadpipe.notifier.testing.AvroBinarySerdes;
import io.leadpipe.notifier.testing.TopologyDrivers;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.DecisionReason;
import io.leadpipe.schemas.followup.DeliveryOutcome;
import io.leadpipe.schemas.followup.FollowupDecision;
import io.leadpipe.schemas.followup.FollowupDelivery;
import io.leadpipe.schemas.followup.FollowupStrategy;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.privacy.PrivacyErasure;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RECOVERED only for delivered follow-ups, in the stream: the follow-up processor reads
 * leadpipe.followup-deliveries; a purchase reported before its follow-up's delivery outcome waits
 * in the sequence state (bounded) and is credited when DELIVERED arrives, never to a FAILED one;
 * held-out visitors are not touched.
 */
class DeliveredRecoveryTopologyTest {

  // 09:00 UTC: outside the default quiet hours.
  private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
  private static final Duration WAIT = Duration.ofHours(6);
  private static final Instant SENT = T0.plus(Duration.ofMinutes(30));
  private static final Instant BOUGHT = T0.plus(Duration.ofHours(2));

  /** One reason play 30 minutes after detection; half held out. */
  private static final String COMEBACK =
      """
      {"strategyId": "comeback", "name": "Come back",
       "steps": [{"type": "REASON_PLAY", "delay": "30m"}],
       "holdoutShare": 0.5}
      """;

  private final AvroBinarySerdes serdes = new AvroBinarySerdes();
  private FollowupStrategy comeback;
  private TopologyTestDriver driver;
  private TestInputTopic<String, Hesitation> hesitations;
  private TestInputTopic<String, ProspectProfile> profiles;
  private TestInputTopic<String, WebEvent> web;
  private TestInputTopic<String, FollowupDelivery> deliveries;
  private TestOutputTopic<String, FollowupTrigger> triggers;
  private TestOutputTopic<String, FollowupDecision> decisions;

  @BeforeEach
  void start() {
    FollowupPolicy policy = new FollowupPolicy(PolicyConfig.defaults(), Clock.systemUTC());
    driver =
        new TopologyTestDriver(
            new NotifierTopology(policy, serdes, DecisionListener.NONE, Duration.ofSeconds(1))
                .withDeliveryCredit(new DeliveryCredit(Set.of("crm"), WAIT))
                .build(),
            TopologyDrivers.exactlyOnce("notifier-delivered-recovery-test"),
            T0);
    hesitations = input(Topics.HESITATIONS);
    profiles = input(Topics.PROSPECT_PROFILES);
    web = input(Topics.WEB_EVENTS);
    deliveries = input(Topics.FOLLOWUP_DELIVERIES);
    triggers = TopologyDrivers.output(driver, serdes, Topics.FOLLOWUP_TRIGGERS);
    decisions = TopologyDrivers.output(driver, serdes, Topics.FOLLOWUP_DECISIONS);
    comeback =
        FollowupStrategy.newBuilder(StrategyDrafts.parse(COMEBACK, null))
            .setVersion(1)
            .setUpdatedAt(T0)
            .build();
    input(Topics.FOLLOWUP_STRATEGIES).pipeInput("comeback", comeback, T0);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void a_purchase_after_the_delivery_is_recovered_for_the_delivered_follow_up() {
    String v = followedUp();
    report(v, DeliveryOutcome.DELIVERED, SENT.plusSeconds(1));

    web.pipeInput(v, purchase(v, "order-1", BOUGHT), BOUGHT);

    assertThat(decisions.readValuesToList())
        .extracting(
            FollowupDecision::getOutcome,
            FollowupDecision::getReason,
            FollowupDecision::getTriggerId,
            FollowupDecision::getOrderId,
            FollowupDecision::getDecidedAt,
            FollowupDecision::getStrategyId)
        .containsExactly(
            tuple(
                DecisionOutcome.RECOVERED,
                DecisionReason.ATTRIBUTED,
                "h-" + v + "#1",
                "order-1",
                BOUGHT,
                "comeback"));
    assertThat(pending()).isEmpty();
  }

  @Test
  void a_purchase_reported_before_the_delivery_waits_and_is_recovered_when_it_is_delivered() {
    String v = followedUp();
    web.pipeInput(v, purchase(v, "order-1", BOUGHT), BOUGHT);
    assertThat(decisions.isEmpty()).isTrue();
    assertThat(pending()).hasSize(1); // the purchase's wait, in the schedule

    report(v, DeliveryOutcome.DELIVERED, SENT.plusSeconds(1));

    assertThat(decisions.readValuesToList())
        .extracting(
            FollowupDecision::getOutcome,
            FollowupDecision::getTriggerId,
            FollowupDecision::getOrderId,
            FollowupDecision::getDecidedAt)
        .containsExactly(tuple(DecisionOutcome.RECOVERED, "h-" + v + "#1", "order-1", BOUGHT));
    assertThat(pending()).isEmpty();
    driver.advanceWallClockTime(WAIT.plusMinutes(1));
    assertThat(decisions.isEmpty()).isTrue(); // credited once
  }

  @Test
  void a_failed_follow_up_is_not_credited_with_the_purchase_waiting_for_it() {
    String v = followedUp();
    web.pipeInput(v, purchase(v, "order-1", BOUGHT), BOUGHT);

    report(v, DeliveryOutcome.FAILED, BOUGHT.plusSeconds(60));

    assertThat(decisions.isEmpty()).isTrue();
    assertThat(pending()).isEmpty();
    // A replay of the dead letter delivers it at last: after the purchase, so still no credit.
    report(v, DeliveryOutcome.DELIVERED, BOUGHT.plus(Duration.ofHours(1)));
    assertThat(decisions.isEmpty()).isTrue();
  }

  @Test
  void a_purchase_waits_no_longer_than_the_bound_for_an_outcome() {
    String v = followedUp();
    web.pipeInput(v, purchase(v, "order-1", BOUGHT), BOUGHT);

    driver.advanceWallClockTime(WAIT.minusSeconds(5));
    assertThat(pending()).hasSize(1);
    driver.advanceWallClockTime(Duration.ofSeconds(10));

    // Nothing delivered before the purchase: nothing credited, nothing waits any more.
    assertThat(pending()).isEmpty();
    assertThat(decisions.isEmpty()).isTrue();
    // The endpoint, re-enabled, delivers it now: the purchase was settled without it.
    report(v, DeliveryOutcome.DELIVERED, SENT.plusSeconds(1));
    assertThat(decisions.isEmpty()).isTrue();
  }

  @Test
  void held_out_visitors_get_no_credit_and_nothing_waits_for_them() {
    String v = visitorIn("holdout");
    detect(v);
    driver.advanceWallClockTime(Duration.ofMinutes(30));
    assertThat(triggers.isEmpty()).isTrue();
    assertThat(decisions.readValuesToList())
        .extracting(FollowupDecision::getReason, FollowupDecision::getVariantId)
        .containsExactly(tuple(DecisionReason.HELD_OUT, "holdout"));

    web.pipeInput(v, purchase(v, "order-1", BOUGHT), BOUGHT);

    assertThat(decisions.isEmpty()).isTrue();
    assertThat(pending()).isEmpty();
  }

  @Test
  void an_erased_visitor_s_waiting_purchase_goes_with_everything_else() {
    String v = followedUp();
    web.pipeInput(v, purchase(v, "order-1", BOUGHT), BOUGHT);
    assertThat(pending()).hasSize(1);

    input(Topics.PRIVACY_ERASURES)
        .pipeInput(
            v,
            PrivacyErasure.newBuilder().setRequestId("req-1").setErasedAt(BOUGHT).build(),
            BOUGHT);
    report(v, DeliveryOutcome.DELIVERED, SENT.plusSeconds(1));

    assertThat(pending()).isEmpty();
    assertThat(decisions.isEmpty()).isTrue();
  }

  /** A treated visitor whose one follow-up went out at {@link #SENT}; the outputs read. */
  private String followedUp() {
    String v = visitorIn("base");
    detect(v);
    driver.advanceWallClockTime(Duration.ofMinutes(30));
    assertThat(triggers.readValuesToList())
        .extracting(FollowupTrigger::getTriggerId)
        .containsExactly("h-" + v + "#1");
    assertThat(decisions.readValuesToList())
        .extracting(FollowupDecision::getOutcome)
        .containsExactly(DecisionOutcome.SENT);
    return v;
  }

  private void detect(String v) {
    profiles.pipeInput(v, consenting(v, "UTC"), T0);
    hesitations.pipeInput(
        v, detected(v, "h-" + v, HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0), T0);
  }

  private void report(String v, DeliveryOutcome outcome, Instant at) {
    deliveries.pipeInput(
        v,
        FollowupDelivery.newBuilder()
            .setDeliveryId("h-" + v + "#1@crm")
            .setTriggerId("h-" + v + "#1")
            .setVisitorId(v)
            .setHesitationId("h-" + v)
            .setEndpoint("crm")
            .setOutcome(outcome)
            .setAttempts(1)
            .setHttpStatus(outcome == DeliveryOutcome.DELIVERED ? 200 : 400)
            .setAt(at)
            .setStrategyId("comeback")
            .setStrategyVersion(1)
            .setVariantId("base")
            .build(),
        at);
  }

  /** What the schedule holds: due steps and purchases' waits. */
  private List<KeyValue<String, String>> pending() {
    KeyValueStore<String, String> schedule =
        driver.getKeyValueStore(NotifierTopology.SCHEDULE_STORE);
    List<KeyValue<String, String>> all = new ArrayList<>();
    try (var it = schedule.all()) {
      it.forEachRemaining(all::add);
    }
    return all;
  }

  /** The first visitor id whose arm in the strategy is {@code arm}. */
  private String visitorIn(String arm) {
    return IntStream.range(0, 1_000)
        .mapToObj(i -> "visitor-" + i)
        .filter(v -> Assignment.variantOf(v, StrategyRecords.of(comeback)).equals(arm))
        .findFirst()
        .orElseThrow();
  }

  private <V extends SpecificRecord> TestInputTopic<String, V> input(Topic<V> topic) {
    return TopologyDrivers.input(driver, serdes, topic);
  }
}
