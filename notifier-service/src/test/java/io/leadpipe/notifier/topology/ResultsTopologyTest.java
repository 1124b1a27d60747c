package io.leadpipe.notifier.topology;

import static io.leadpipe.notifier.testing.Fixtures.consenting;
import static io.leadpipe.notifier.testing.Fixtures.detected;
import static io.leadpipe.notifier.testing.Fixtures.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.results.Uplift;
import io.leadpipe.notifier.strategy.Assignment;
import io.leadpipe.notifier.strategy.StrategyDrafts;
import io.leadpipe.notifier.strategy.StrategyRecords;
import io.leadpipe.notifier.testing.AvroBinarySerdes;
import io.leadpipe.notifier.testing.TopologyDrivers;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.ArmResult;
import io.leadpipe.schemas.followup.DeliveryOutcome;
import io.leadpipe.schemas.followup.FollowupDelivery;
import io.leadpipe.schemas.followup.FollowupStrategy;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.followup.ResultBreakdown;
import io.leadpipe.schemas.followup.ResultDimension;
import io.leadpipe.schemas.followup.StrategyExposure;
import io.leadpipe.schemas.followup.StrategyResult;
import io.leadpipe.schemas.followup.UpliftResult;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.privacy.PrivacyErasure;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Strategy results in the stream: visitors counted once in the arm they were assigned, purchases
 * within the attribution window credited to the treated arm or the holdout, delivered counts only
 * from follow-ups a webhook endpoint took (2xx), breakdowns by reason and segment, and re-delivered
 * input counted once.
 */
class ResultsTopologyTest {

  // 09:00 UTC: outside the default quiet hours.
  private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
  private static final String STRATEGY = "comeback";

  /** Half held out, so both arms fill up from a few visitors; any reason, returning visitors. */
  private static final String COMEBACK =
      """
      {"strategyId": "comeback", "name": "Come back",
       "audience": {"requiredSegments": ["returning"]},
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
  private TestInputTopic<String, PrivacyErasure> erasures;
  private TestOutputTopic<String, FollowupTrigger> triggers;
  private TestOutputTopic<String, StrategyResult> results;

  @BeforeEach
  void start() {
    FollowupPolicy policy = new FollowupPolicy(PolicyConfig.defaults(), Clock.systemUTC());
    driver =
        new TopologyTestDriver(
            new NotifierTopology(policy, serdes, DecisionListener.NONE, Duration.ofSeconds(1))
                .build(),
            TopologyDrivers.exactlyOnce("notifier-results-test"),
            T0);
    hesitations = input(Topics.HESITATIONS);
    profiles = input(Topics.PROSPECT_PROFILES);
    web = input(Topics.WEB_EVENTS);
    deliveries = input(Topics.FOLLOWUP_DELIVERIES);
    erasures = input(Topics.PRIVACY_ERASURES);
    triggers = TopologyDrivers.output(driver, serdes, Topics.FOLLOWUP_TRIGGERS);
    results = TopologyDrivers.output(driver, serdes, Topics.STRATEGY_RESULTS);
    comeback =
        FollowupStrategy.newBuilder(StrategyDrafts.parse(COMEBACK, null))
            .setVersion(1)
            .setUpdatedAt(T0)
            .build();
    input(Topics.FOLLOWUP_STRATEGIES).pipeInput(STRATEGY, comeback, T0);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void buyers_are_credited_to_their_arm_and_only_delivered_follow_ups_count_as_delivered() {
    List<String> held = visitorsIn("holdout", 2);
    List<String> treated = visitorsIn("base", 3);
    held.forEach(v -> detect(v, HesitationReason.PRICE, List.of("returning")));
    treated.forEach(v -> detect(v, HesitationReason.PRICE, List.of("returning")));
    driver.advanceWallClockTime(Duration.ofMinutes(30));
    assertThat(triggers.readKeyValuesToList())
        .as("every treated visitor was SENT a follow-up, no held-out one")
        .extracting(kv -> kv.key)
        .containsExactlyInAnyOrderElementsOf(treated);
    assertThat(results.readValuesToList())
        .as("the assignments, published on the first tick after them")
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getArms())
                    .extracting(
                        ArmResult::getVariantId, ArmResult::getAssigned, ArmResult::getConverted)
                    .containsExactly(tuple("holdout", 2L, 0L), tuple("base", 3L, 0L)));
    // Two of the three sent follow-ups reached the marketing system; the third never did.
    delivered(treated.get(0), T0.plus(Duration.ofMinutes(31)));
    delivered(treated.get(1), T0.plus(Duration.ofMinutes(31)));
    failed(treated.get(2), T0.plus(Duration.ofMinutes(40)));

    web.pipeInput(held.get(0), purchase(held.get(0), "o-h", T0.plus(Duration.ofHours(1))));
    web.pipeInput(treated.get(0), purchase(treated.get(0), "o-1", T0.plus(Duration.ofHours(2))));
    web.pipeInput(treated.get(2), purchase(treated.get(2), "o-3", T0.plus(Duration.ofHours(2))));
    // Re-delivered input: the same detection, delivery and order again change nothing.
    detect(treated.get(0), HesitationReason.PRICE, List.of("returning"));
    delivered(treated.get(0), T0.plus(Duration.ofMinutes(31)));
    web.pipeInput(treated.get(0), purchase(treated.get(0), "o-1", T0.plus(Duration.ofHours(2))));
    driver.advanceWallClockTime(Duration.ofSeconds(1));

    List<StrategyResult> published = results.readValuesToList();
    assertThat(published).as("one result per tick, however many changes since").hasSize(1);
    StrategyResult r = published.get(0);
    assertThat(r.getStrategyId()).isEqualTo(STRATEGY);
    assertThat(r.getStrategyVersion()).isEqualTo(1);
    assertThat(r.getAttributionWindowMillis()).isEqualTo(Duration.ofDays(7).toMillis());
    assertThat(r.getArms())
        .extracting(
            ArmResult::getVariantId,
            ArmResult::getHoldout,
            ArmResult::getAssigned,
            ArmResult::getConverted,
            ArmResult::getRevenue,
            ArmResult::getDelivered,
            ArmResult::getDeliveredConversions,
            ArmResult::getDeliveredRevenue)
        .containsExactly(
            tuple("holdout", true, 2L, 1L, 89.0, 0L, 0L, 0.0),
            tuple("base", false, 3L, 2L, 178.0, 2L, 1L, 89.0));
    ArmResult base = r.getArms().get(1);
    assertThat(base.getConversionRate()).isEqualTo(2.0 / 3);
    assertThat(base.getRevenuePerVisitor()).isEqualTo(178.0 / 3);
    Uplift.Interval expected =
        Uplift.rateDifference(
            new Uplift.Arm(3, 2, 178, 2 * 89.0 * 89.0),
            new Uplift.Arm(2, 1, 89, 89.0 * 89.0),
            Uplift.Z_95);
    UpliftResult versus = base.getVersusHoldout();
    assertThat(versus.getRateDifference()).isEqualTo(2.0 / 3 - 1.0 / 2);
    assertThat(versus.getRateLower()).isEqualTo(expected.lower());
    assertThat(versus.getRateUpper()).isEqualTo(expected.upper());
    assertThat(versus.getRateSignificant()).isFalse();
    assertThat(versus.getRevenuePerVisitorDifference()).isEqualTo(178.0 / 3 - 89.0 / 2);
    assertThat(versus.getRevenueLower()).isNotNull();
    assertThat(r.getArms().get(0).getVersusHoldout()).isNull();

    KeyValueStore<String, StrategyResult> view =
        driver.getKeyValueStore(NotifierTopology.RESULTS_VIEW_STORE);
    assertThat(view.get(STRATEGY)).as("the query API's global table").isEqualTo(r);

    driver.advanceWallClockTime(Duration.ofSeconds(5));
    assertThat(results.isEmpty()).as("nothing changed: nothing published again").isTrue();
  }

  @Test
  void a_purchase_outside_the_attribution_window_or_before_the_delivery_is_not_credited_to_it() {
    List<String> treated = visitorsIn("base", 2);
    List<String> held = visitorsIn("holdout", 1);
    treated.forEach(v -> detect(v, HesitationReason.PRICE, List.of("returning")));
    held.forEach(v -> detect(v, HesitationReason.PRICE, List.of("returning")));
    driver.advanceWallClockTime(Duration.ofMinutes(30));
    // Bought at 2 h, but the follow-up was only delivered at 3 h (a receiver outage): converted,
    // not a delivered conversion.
    delivered(treated.get(0), T0.plus(Duration.ofHours(3)));
    web.pipeInput(treated.get(0), purchase(treated.get(0), "o-1", T0.plus(Duration.ofHours(2))));
    // Bought a minute after the 7-day window: not counted, in either arm.
    Instant late = T0.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(1));
    delivered(treated.get(1), T0.plus(Duration.ofMinutes(31)));
    web.pipeInput(treated.get(1), purchase(treated.get(1), "o-2", late));
    web.pipeInput(held.get(0), purchase(held.get(0), "o-3", late));
    driver.advanceWallClockTime(Duration.ofSeconds(1));

    assertThat(latest().getArms())
        .extracting(
            ArmResult::getVariantId,
            ArmResult::getAssigned,
            ArmResult::getConverted,
            ArmResult::getDelivered,
            ArmResult::getDeliveredConversions)
        .containsExactly(tuple("holdout", 1L, 0L, 0L, 0L), tuple("base", 2L, 1L, 2L, 0L));
  }

  @Test
  void a_later_hesitation_restarts_the_window_without_counting_the_visitor_again() {
    String treated = visitorsIn("base", 1).get(0);
    detect(treated, HesitationReason.PRICE, List.of("returning"));
    Instant sixDaysLater = T0.plus(Duration.ofDays(6));
    hesitations.pipeInput(
        treated,
        detected(
            treated,
            "h-again",
            HesitationKind.CART_ABANDONED,
            HesitationReason.PRICE,
            sixDaysLater),
        sixDaysLater);
    // Eight days after the first assignment, two after the second.
    web.pipeInput(treated, purchase(treated, "o-1", T0.plus(Duration.ofDays(8))));
    driver.advanceWallClockTime(Duration.ofSeconds(1));

    assertThat(latest().getArms())
        .extracting(ArmResult::getVariantId, ArmResult::getAssigned, ArmResult::getConverted)
        .containsExactly(tuple("base", 1L, 1L));
  }

  @Test
  void results_are_broken_down_by_reason_and_by_segment() {
    List<String> treated = visitorsIn("base", 3);
    List<String> held = visitorsIn("holdout", 1);
    detect(treated.get(0), HesitationReason.PRICE, List.of("returning", "vip"));
    detect(treated.get(1), HesitationReason.SHIPPING, List.of("returning"));
    detect(treated.get(2), HesitationReason.SHIPPING, List.of("returning"));
    detect(held.get(0), HesitationReason.PRICE, List.of("returning", "vip"));
    web.pipeInput(treated.get(1), purchase(treated.get(1), "o-1", T0.plus(Duration.ofHours(1))));
    driver.advanceWallClockTime(Duration.ofSeconds(1));

    assertThat(latest().getBreakdowns())
        .extracting(
            ResultBreakdown::getDimension,
            ResultBreakdown::getValue,
            b ->
                b.getArms().stream()
                    .map(a -> a.getVariantId() + ":" + a.getAssigned() + "/" + a.getConverted())
                    .toList())
        .containsExactly(
            tuple(ResultDimension.REASON, "PRICE", List.of("holdout:1/0", "base:1/0")),
            tuple(ResultDimension.REASON, "SHIPPING", List.of("base:2/1")),
            tuple(ResultDimension.SEGMENT, "returning", List.of("holdout:1/0", "base:3/1")),
            tuple(ResultDimension.SEGMENT, "vip", List.of("holdout:1/0", "base:1/0")));
  }

  @Test
  void an_erased_visitor_adds_nothing_more() {
    String treated = visitorsIn("base", 1).get(0);
    detect(treated, HesitationReason.PRICE, List.of("returning"));
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    erasures.pipeInput(
        treated, PrivacyErasure.newBuilder().setRequestId("r-1").setErasedAt(T0).build());
    web.pipeInput(treated, purchase(treated, "o-1", T0.plus(Duration.ofHours(1))));
    driver.advanceWallClockTime(Duration.ofSeconds(1));

    assertThat(results.readValuesToList())
        .extracting(r -> r.getArms().get(0).getAssigned(), r -> r.getArms().get(0).getConverted())
        .containsExactly(tuple(1L, 0L));
  }

  @Test
  void impossible_sums_from_records_written_around_the_notifier_are_published_without_rates() {
    // A buyer never assigned: converted exceeds assigned in that arm.
    input(Topics.STRATEGY_EXPOSURES)
        .pipeInput(
            "forged",
            StrategyExposure.newBuilder()
                .setStrategyId("forged")
                .setVariantId("base")
                .setConverted(1)
                .setAt(T0)
                .build());
    driver.advanceWallClockTime(Duration.ofSeconds(1));

    assertThat(results.readValuesToList())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getArms())
                    .extracting(
                        ArmResult::getAssigned,
                        ArmResult::getConverted,
                        ArmResult::getConversionRate,
                        ArmResult::getVersusHoldout)
                    .containsExactly(tuple(0L, 1L, null, null)));
  }

  private StrategyResult latest() {
    List<StrategyResult> all = results.readValuesToList();
    assertThat(all).isNotEmpty();
    return all.get(all.size() - 1);
  }

  private void detect(String visitor, HesitationReason reason, List<String> segments) {
    profiles.pipeInput(
        visitor,
        ProspectProfile.newBuilder(consenting(visitor, "UTC")).setSegments(segments).build(),
        T0);
    hesitations.pipeInput(
        visitor, detected(visitor, "h-" + visitor, HesitationKind.CART_ABANDONED, reason, T0), T0);
  }

  private void delivered(String visitor, Instant at) {
    deliveries.pipeInput(visitor, delivery(visitor, DeliveryOutcome.DELIVERED, 200, at), at);
  }

  private void failed(String visitor, Instant at) {
    deliveries.pipeInput(visitor, delivery(visitor, DeliveryOutcome.FAILED, 400, at), at);
  }

  private FollowupDelivery delivery(
      String visitor, DeliveryOutcome outcome, int status, Instant at) {
    return FollowupDelivery.newBuilder()
        .setDeliveryId("h-" + visitor + "#1@crm")
        .setTriggerId("h-" + visitor + "#1")
        .setVisitorId(visitor)
        .setHesitationId("h-" + visitor)
        .setEndpoint("crm")
        .setOutcome(outcome)
        .setAttempts(1)
        .setHttpStatus(status)
        .setAt(at)
        .setStrategyId(STRATEGY)
        .setStrategyVersion(1)
        .setVariantId("base")
        .build();
  }

  /** The first {@code count} visitor ids whose arm in the strategy is {@code arm}. */
  private List<String> visitorsIn(String arm, int count) {
    return IntStream.range(0, 1_000)
        .mapToObj(i -> "visitor-" + i)
        .filter(v -> Assignment.variantOf(v, StrategyRecords.of(comeback)).equals(arm))
        .limit(count)
        .toList();
  }

  private <V extends org.apache.avro.specific.SpecificRecord> TestInputTopic<String, V> input(
      io.leadpipe.schemas.topics.Topic<V> topic) {
    return TopologyDrivers.input(driver, serdes, topic);
  }
}
