package io.leadpipe.notifier.topology;

import static io.leadpipe.notifier.testing.Fixtures.consenting;
import static io.leadpipe.notifier.testing.Fixtures.detected;
import static io.leadpipe.notifier.testing.Fixtures.feedback;
import static io.leadpipe.notifier.testing.Fixtures.profile;
import static io.leadpipe.notifier.testing.Fixtures.purchase;
import static io.leadpipe.notifier.testing.Fixtures.resolved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.sequence.FollowupProfile;
import io.leadpipe.notifier.survey.SurveyLinks;
import io.leadpipe.notifier.testing.AvroBinarySerdes;
import io.leadpipe.notifier.testing.TopologyDrivers;
import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.DecisionReason;
import io.leadpipe.schemas.followup.FollowupDecision;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.ResolutionOutcome;
import io.leadpipe.schemas.privacy.Hashes;
import io.leadpipe.schemas.privacy.PrivacyErasure;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.service.survey.SurveyTicket;
import io.leadpipe.service.survey.SurveyTokens;
import io.leadpipe.streams.privacy.ErasedIds;
import io.leadpipe.streams.schedule.ScheduleKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotifierTopologyTest {

  // 09:00 UTC: every default step (10:00 today, 09:00 tomorrow, 09:00 in three days) is outside
  // quiet hours in UTC.
  private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
  private static final String V = "visitor-1";

  private final AvroBinarySerdes serdes = new AvroBinarySerdes();
  private final List<FollowupDecision> counted = new ArrayList<>();
  private TopologyTestDriver driver;
  private TestInputTopic<String, Hesitation> hesitations;
  private TestInputTopic<String, ProspectProfile> profiles;
  private TestInputTopic<String, WebEvent> webEvents;
  private TestOutputTopic<String, FollowupTrigger> triggers;
  private TestOutputTopic<String, FollowupDecision> decisions;

  @BeforeEach
  void start() {
    FollowupPolicy policy = new FollowupPolicy(PolicyConfig.defaults(), Clock.systemUTC());
    driver =
        new TopologyTestDriver(
            new NotifierTopology(policy, serdes, counted::add, Duration.ofSeconds(1)).build(),
            properties(),
            T0);
    createTopics();
  }

  private static Properties properties() {
    return TopologyDrivers.exactlyOnce("notifier-test");
  }

  private void createTopics() {
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
    webEvents =
        driver.createInputTopic(
            Topics.WEB_EVENTS.name(),
            Topics.WEB_EVENTS.keySerde().serializer(),
            serdes.forTopic(Topics.WEB_EVENTS).serializer());
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
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @ParameterizedTest(name = "{0} / {1} → {2}")
  @CsvSource({
    "CART_ABANDONED,PRICE,DISCOUNT_OFFER",
    "CART_ABANDONED,REVIEWS,SOCIAL_PROOF",
    "CHECKOUT_ABANDONED,QUALITY,QUALITY_REASSURANCE",
    "CHECKOUT_ABANDONED,SHIPPING,FREE_SHIPPING",
    "CART_ABANDONED,UNKNOWN,SURVEY"
  })
  void cartAndCheckoutRemindThenPlayThenAskWithNoNewEvents(
      HesitationKind kind, HesitationReason reason, FollowupPlay play) {
    profiles.pipeInput(V, consenting(V, "UTC"), T0);
    hesitations.pipeInput(V, detected(V, "h-1", kind, reason, T0), T0);

    driver.advanceWallClockTime(Duration.ofMinutes(59));
    assertThat(triggers.isEmpty()).isTrue();
    driver.advanceWallClockTime(Duration.ofMinutes(1));
    assertStep(1, FollowupPlay.REMINDER, reason);
    driver.advanceWallClockTime(Duration.ofHours(23));
    assertStep(2, play, reason);
    driver.advanceWallClockTime(Duration.ofHours(48));
    assertStep(3, FollowupPlay.SURVEY, reason);
    driver.advanceWallClockTime(Duration.ofDays(30));
    assertThat(triggers.isEmpty()).isTrue();

    assertThat(decisions.readValuesToList())
        .extracting(FollowupDecision::getDecisionId, FollowupDecision::getOutcome)
        .containsExactly(
            tuple("h-1#1:SENT:OK", DecisionOutcome.SENT),
            tuple("h-1#2:SENT:OK", DecisionOutcome.SENT),
            tuple("h-1#3:SENT:OK", DecisionOutcome.SENT));
    assertThat(counted).hasSize(3);
  }

  @ParameterizedTest(name = "{0} / {1} → {2}")
  @CsvSource({"BROWSE_ABANDONED,REVIEWS,SOCIAL_PROOF,24", "PRICE_WATCHING,PRICE,DISCOUNT_OFFER,2"})
  void browseAndPriceWatchingGoStraightToTheReasonPlay(
      HesitationKind kind, HesitationReason reason, FollowupPlay play, int hours) {
    profiles.pipeInput(V, consenting(V, "UTC"), T0);
    hesitations.pipeInput(V, detected(V, "h-1", kind, reason, T0), T0);
    driver.advanceWallClockTime(Duration.ofHours(hours));
    assertStep(1, play, reason);
    driver.advanceWallClockTime(Duration.ofDays(4));
    assertStep(2, FollowupPlay.SURVEY, reason);
  }

  @Test
  void aSurveyStepLinksToTheHostedSurveyOfThisVisitorAndStepAndNothingElseDoes() {
    driver.close();
    SurveyTokens tokens = new SurveyTokens("survey-key-of-the-topology-test");
    driver =
        new TopologyTestDriver(
            new NotifierTopology(
                    new FollowupPolicy(PolicyConfig.defaults(), Clock.systemUTC()),
                    serdes,
                    DecisionListener.NONE,
                    Duration.ofSeconds(1))
                .withSurveyLinks(
                    new SurveyLinks(tokens, "https://track.example/survey", Duration.ofDays(14)))
                .build(),
            properties(),
            T0);
    createTopics();
    profiles.pipeInput(V, consenting(V, "UTC"), T0);
    hesitations.pipeInput(
        V, detected(V, "h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0), T0);

    // One wall-clock advance fires one punctuation: a step at a time, as the sequence is timed.
    driver.advanceWallClockTime(Duration.ofHours(1));
    driver.advanceWallClockTime(Duration.ofHours(23));
    driver.advanceWallClockTime(Duration.ofHours(48));
    List<FollowupTrigger> sent = triggers.readValuesToList();

    assertThat(sent).extracting(FollowupTrigger::getStep).containsExactly(1, 2, 3);
    assertThat(sent.subList(0, 2))
        .allSatisfy(t -> assertThat(t.getAttributes()).doesNotContainKey(SurveyLinks.ATTRIBUTE));
    FollowupTrigger survey = sent.get(2);
    String link = survey.getAttributes().get(SurveyLinks.ATTRIBUTE);
    assertThat(link).startsWith("https://track.example/survey/");
    String token = link.substring("https://track.example/survey/".length());
    assertThat(tokens.open(token, survey.getCreatedAt()))
        .isEqualTo(
            new SurveyTokens.Valid(
                new SurveyTicket(
                    "h-1#3",
                    V,
                    survey.getUserId(),
                    "h-1",
                    null,
                    survey.getCreatedAt().plus(Duration.ofDays(14)))));
    assertThat(link).doesNotContain(V);
  }

  @Test
  void aBacklogOfDueStepsGoesOutInBoundedChunksOneTickAfterAnother() {
    int chunk = 10;
    driver.close();
    driver =
        new TopologyTestDriver(
            new NotifierTopology(
                    new FollowupPolicy(PolicyConfig.defaults(), Clock.systemUTC()),
                    serdes,
                    DecisionListener.NONE,
                    Duration.ofSeconds(1))
                .withMaxStepsPerTick(chunk)
                .build(),
            properties(),
            T0);
    createTopics();
    int backlog = chunk + 5;
    for (int i = 0; i < backlog; i++) {
      String visitor = "v-" + i;
      profiles.pipeInput(visitor, consenting(visitor, "UTC"), T0);
      hesitations.pipeInput(
          visitor,
          detected(visitor, "h-" + i, HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0),
          T0);
    }

    driver.advanceWallClockTime(Duration.ofHours(1));
    assertThat(triggers.readValuesToList()).hasSize(chunk);
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertThat(triggers.readValuesToList()).hasSize(5);
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertThat(triggers.isEmpty()).isTrue();
  }

  @Test
  void theTriggerCarriesCartChannelAndDeadline() {
    profiles.pipeInput(V, consenting(V, "UTC"), T0);
    hesitations.pipeInput(
        V, detected(V, "h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0), T0);
    driver.advanceWallClockTime(Duration.ofHours(1));
    List<FollowupTrigger> out = triggers.readValuesToList();
    assertThat(out).hasSize(1);
    FollowupTrigger t = out.get(0);
    assertThat(t.getUserId()).isEqualTo("user-" + V);
    assertThat(t.getChannel()).isEqualTo("email");
    assertThat(t.getCartValue()).isEqualTo(89.0);
    assertThat(t.getProducts()).hasSize(1);
    assertThat(t.getSegments()).containsExactly("returning");
    assertThat(t.getEngagementScore()).isEqualTo(42.0);
    assertThat(t.getCreatedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(t.getDeadline()).isNull(); // a reminder offers nothing that could expire

    driver.advanceWallClockTime(Duration.ofHours(23));
    FollowupTrigger offer = triggers.readValue();
    assertThat(offer.getPlay()).isEqualTo(FollowupPlay.DISCOUNT_OFFER);
    assertThat(offer.getAttributes())
        .containsEntry("discount-percent", "10")
        .containsEntry("step-type", "REASON_PLAY");
    assertThat(offer.getDeadline()).isEqualTo(offer.getCreatedAt().plus(Duration.ofHours(48)));
  }

  @Test
  void aPurchaseCancelsPendingStepsAndIsAttributedToTheLastPlay() {
    profiles.pipeInput(V, consenting(V, "UTC"), T0);
    hesitations.pipeInput(
        V, detected(V, "h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0), T0);
    driver.advanceWallClockTime(Duration.ofHours(1));
    assertStep(1, FollowupPlay.REMINDER, HesitationReason.PRICE);
    decisions.readValuesToList();

    Instant bought = T0.plus(Duration.ofHours(3));
    webEvents.pipeInput(V, purchase(V, "order-9", bought), bought);
    driver.advanceWallClockTime(Duration.ofDays(10));

    assertThat(triggers.isEmpty()).isTrue();
    List<FollowupDecision> out = decisions.readValuesToList();
    assertThat(out)
        .extracting(
            FollowupDecision::getOutcome,
            FollowupDecision::getReason,
            FollowupDecision::getTriggerId,
            FollowupDecision::getOrderId)
        .containsExactly(
            tuple(DecisionOutcome.RECOVERED, DecisionReason.ATTRIBUTED, "h-1#1", "order-9"),
            tuple(DecisionOutcome.CANCELLED, DecisionReason.PURCHASED, "h-1#2", null));
    assertThat(out.get(0).getPlay()).isEqualTo(FollowupPlay.REMINDER);
    assertThat(out.get(0).getHesitationReason()).isEqualTo(HesitationReason.PRICE);
    assertThat(out.get(0).getRevenue()).isEqualTo(89.0);

    // The same purchase heard again as a RESOLVED hesitation is not attributed twice.
    Hesitation h = detected(V, "h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0);
    hesitations.pipeInput(V, resolved(h, ResolutionOutcome.CONVERTED, bought, "order-9"), bought);
    assertThat(decisions.isEmpty()).isTrue();
  }

  @Test
  void aResolvedHesitationCancelsBeforeAnythingWasSent() {
    profiles.pipeInput(V, consenting(V, "UTC"), T0);
    Hesitation h = detected(V, "h-1", HesitationKind.CART_ABANDONED, HesitationReason.SHIPPING, T0);
    hesitations.pipeInput(V, h, T0);
    hesitations.pipeInput(
        V, resolved(h, ResolutionOutcome.CONVERTED, T0.plusSeconds(600), "o-1"), T0);
    driver.advanceWallClockTime(Duration.ofDays(5));
    assertThat(triggers.isEmpty()).isTrue();
    assertThat(decisions.readValuesToList())
        .extracting(FollowupDecision::getOutcome, FollowupDecision::getReason)
        .containsExactly(tuple(DecisionOutcome.CANCELLED, DecisionReason.PURCHASED));
  }

  @Test
  void noConsentSuppressesEveryStepAndRecordsWhy() {
    profiles.pipeInput(V, profile(V, "UTC", Map.of("email", ConsentStatus.DENIED)), T0);
    hesitations.pipeInput(
        V, detected(V, "h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0), T0);
    driver.advanceWallClockTime(Duration.ofHours(1));
    driver.advanceWallClockTime(Duration.ofHours(23));
    driver.advanceWallClockTime(Duration.ofHours(48));
    assertThat(triggers.isEmpty()).isTrue();
    assertThat(decisions.readValuesToList())
        .extracting(
            FollowupDecision::getTriggerId,
            FollowupDecision::getOutcome,
            FollowupDecision::getReason)
        .containsExactly(
            tuple("h-1#1", DecisionOutcome.SUPPRESSED, DecisionReason.NO_CONSENT),
            tuple("h-1#2", DecisionOutcome.SUPPRESSED, DecisionReason.NO_CONSENT),
            tuple("h-1#3", DecisionOutcome.SUPPRESSED, DecisionReason.NO_CONSENT));
  }

  @Test
  void quietHoursDelayTheStepToMorningInTheVisitorsZoneAndItStillGoesOut() {
    // 10:00 UTC is 02:00 in Los Angeles: quiet until 08:00 there = 16:00 UTC.
    profiles.pipeInput(V, consenting(V, "America/Los_Angeles"), T0);
    hesitations.pipeInput(
        V, detected(V, "h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0), T0);
    driver.advanceWallClockTime(Duration.ofHours(1));
    assertThat(triggers.isEmpty()).isTrue();
    assertThat(decisions.readValuesToList())
        .extracting(
            FollowupDecision::getOutcome,
            FollowupDecision::getReason,
            FollowupDecision::getDelayedUntil)
        .containsExactly(
            tuple(
                DecisionOutcome.DELAYED,
                DecisionReason.QUIET_HOURS,
                Instant.parse("2026-11-23T16:00:00Z")));
    driver.advanceWallClockTime(Duration.ofHours(6));
    assertThat(triggers.readValuesToList())
        .extracting(FollowupTrigger::getTriggerId, FollowupTrigger::getCreatedAt)
        .containsExactly(tuple("h-1#1", Instant.parse("2026-11-23T16:00:00Z")));
  }

  @Test
  void statedNotInterestedStopsTheSequence() {
    profiles.pipeInput(V, consenting(V, "UTC"), T0);
    hesitations.pipeInput(
        V, detected(V, "h-1", HesitationKind.CART_ABANDONED, HesitationReason.UNKNOWN, T0), T0);
    driver.advanceWallClockTime(Duration.ofHours(1));
    triggers.readValuesToList();
    decisions.readValuesToList();
    webEvents.pipeInput(
        V, feedback(V, HesitationReason.BOUGHT_ELSEWHERE, "h-1#1", T0.plusSeconds(7200)));
    driver.advanceWallClockTime(Duration.ofDays(5));
    assertThat(triggers.isEmpty()).isTrue();
    assertThat(decisions.readValuesToList())
        .extracting(FollowupDecision::getOutcome, FollowupDecision::getReason)
        .containsExactly(tuple(DecisionOutcome.CANCELLED, DecisionReason.STATED_NOT_INTERESTED));
  }

  @Test
  void aStatedReasonChoosesTheNextPlay() {
    profiles.pipeInput(V, consenting(V, "UTC"), T0);
    hesitations.pipeInput(
        V, detected(V, "h-1", HesitationKind.CART_ABANDONED, HesitationReason.UNKNOWN, T0), T0);
    driver.advanceWallClockTime(Duration.ofHours(1));
    triggers.readValuesToList();
    webEvents.pipeInput(V, feedback(V, HesitationReason.SHIPPING, "h-1#1", T0.plusSeconds(7200)));
    driver.advanceWallClockTime(Duration.ofHours(23));
    assertStep(2, FollowupPlay.FREE_SHIPPING, HesitationReason.SHIPPING);
  }

  @Test
  void aRedeliveredDetectionDoesNotSendAnythingTwice() {
    profiles.pipeInput(V, consenting(V, "UTC"), T0);
    Hesitation h = detected(V, "h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0);
    hesitations.pipeInput(V, h, T0);
    driver.advanceWallClockTime(Duration.ofHours(1));
    hesitations.pipeInput(V, h, T0);
    driver.advanceWallClockTime(Duration.ofDays(5));
    hesitations.pipeInput(V, h, T0);
    driver.advanceWallClockTime(Duration.ofDays(5));
    assertThat(triggers.readValuesToList())
        .extracting(FollowupTrigger::getTriggerId)
        .containsExactly("h-1#1", "h-1#2", "h-1#3");
  }

  @Test
  void theScheduleHoldsOnlyWhatIsPending() {
    profiles.pipeInput(V, consenting(V, "UTC"), T0);
    hesitations.pipeInput(
        V, detected(V, "h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0), T0);
    var schedule = driver.<String, String>getKeyValueStore(NotifierTopology.SCHEDULE_STORE);
    assertThat(schedule.get(ScheduleKey.of(T0.plus(Duration.ofHours(1)).toEpochMilli(), V)))
        .isEqualTo(V);
    webEvents.pipeInput(V, purchase(V, "o-1", T0.plusSeconds(60)));
    try (var all = schedule.all()) {
      assertThat(all.hasNext()).isFalse();
    }
  }

  @Test
  void anErasedVisitorLosesPendingStepsAndEverythingKeptAndLaterInputCreatesNothing() {
    TestInputTopic<String, PrivacyErasure> erasures =
        driver.createInputTopic(
            Topics.PRIVACY_ERASURES.name(),
            Topics.PRIVACY_ERASURES.keySerde().serializer(),
            serdes.forTopic(Topics.PRIVACY_ERASURES).serializer());
    profiles.pipeInput(V, consenting(V, "UTC"), T0);
    hesitations.pipeInput(
        V, detected(V, "h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0), T0);
    profiles.pipeInput("visitor-2", consenting("visitor-2", "UTC"), T0);
    hesitations.pipeInput(
        "visitor-2",
        detected("visitor-2", "h-2", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0),
        T0);
    driver.advanceWallClockTime(Duration.ofHours(1)); // step 1 of both sent; step 2 pending
    assertThat(triggers.readValuesToList())
        .extracting(FollowupTrigger::getTriggerId)
        .containsExactly("h-1#1", "h-2#1");
    decisions.readValuesToList();

    Instant erasedAt = T0.plus(Duration.ofHours(2));
    erasures.pipeInput(
        V,
        PrivacyErasure.newBuilder().setRequestId("req-1").setErasedAt(erasedAt).build(),
        erasedAt);
    Instant later = T0.plus(Duration.ofHours(3));
    profiles.pipeInput(V, consenting(V, "UTC"), later);
    hesitations.pipeInput(
        V, detected(V, "h-3", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, later), later);
    webEvents.pipeInput(V, purchase(V, "o-1", later));
    driver.advanceWallClockTime(Duration.ofDays(10));

    assertThat(triggers.readKeyValuesToList()).extracting(kv -> kv.key).containsOnly("visitor-2");
    assertThat(decisions.readKeyValuesToList()).extracting(kv -> kv.key).containsOnly("visitor-2");
    for (String store :
        List.of(
            NotifierTopology.SEQUENCE_STORE,
            NotifierTopology.HESITATION_STORE,
            NotifierTopology.PROFILE_STORE)) {
      assertThat(driver.getKeyValueStore(store).get(V)).as(store).isNull();
    }
    try (var pending =
        driver.<String, String>getKeyValueStore(NotifierTopology.SCHEDULE_STORE).all()) {
      pending.forEachRemaining(kv -> assertThat(kv.value).isNotEqualTo(V));
    }
    assertThat(driver.getKeyValueStore(NotifierTopology.SUPPRESSION_STORE).get(Hashes.sha256(V)))
        .isEqualTo(erasedAt.toEpochMilli());
    assertThat(
            driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(ErasedIds.METRIC + "-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum())
        .isEqualTo(3.0);
  }

  @Test
  void aProfileTombstoneDropsTheKeptProfile() {
    profiles.pipeInput(V, consenting(V, "UTC"), T0);
    assertThat(
            driver.<String, FollowupProfile>getKeyValueStore(NotifierTopology.PROFILE_STORE).get(V))
        .extracting(FollowupProfile::userId)
        .isEqualTo("user-" + V);
    profiles.pipeInput(V, null, T0.plusSeconds(1));
    assertThat(driver.getKeyValueStore(NotifierTopology.PROFILE_STORE).get(V)).isNull();
  }

  @Test
  void aNewHesitationSupersedesThePendingSequence() {
    profiles.pipeInput(V, consenting(V, "UTC"), T0);
    hesitations.pipeInput(
        V, detected(V, "h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0), T0);
    driver.advanceWallClockTime(Duration.ofHours(1)); // h-1#1 sent at 10:00
    Instant t1 = T0.plus(Duration.ofHours(2));
    hesitations.pipeInput(
        V, detected(V, "h-2", HesitationKind.BROWSE_ABANDONED, HesitationReason.REVIEWS, t1), t1);
    // h-1's pending step is cancelled; h-2#1 (browse: reason play after 24 h) is due at 11:00 the
    // next day
    driver.advanceWallClockTime(Duration.ofHours(1));
    driver.advanceWallClockTime(Duration.ofHours(23));
    driver.advanceWallClockTime(Duration.ofHours(2));
    assertThat(decisions.readValuesToList())
        .extracting(
            FollowupDecision::getTriggerId,
            FollowupDecision::getOutcome,
            FollowupDecision::getReason)
        .containsExactly(
            tuple("h-1#1", DecisionOutcome.SENT, DecisionReason.OK),
            tuple("h-1#2", DecisionOutcome.CANCELLED, DecisionReason.OTHER),
            tuple("h-2#1", DecisionOutcome.SENT, DecisionReason.OK));
  }

  @Test
  void theCooldownDelaysAStepThatWouldFollowTooSoon() {
    FollowupPolicy tight =
        new FollowupPolicy(
            PolicyConfig.defaults()
                .withSequences(
                    Map.of(
                        HesitationKind.CART_ABANDONED,
                        List.of(
                            new PolicyConfig.Step(
                                io.leadpipe.notifier.policy.StepType.REMINDER, Duration.ofHours(1)),
                            new PolicyConfig.Step(
                                io.leadpipe.notifier.policy.StepType.REASON_PLAY,
                                Duration.ofHours(3))))),
            Clock.systemUTC());
    driver.close();
    driver =
        new TopologyTestDriver(
            new NotifierTopology(tight, serdes, DecisionListener.NONE, Duration.ofSeconds(1))
                .build(),
            properties(),
            T0);
    var in =
        driver.createInputTopic(
            Topics.HESITATIONS.name(),
            Topics.HESITATIONS.keySerde().serializer(),
            serdes.forTopic(Topics.HESITATIONS).serializer());
    var prof =
        driver.createInputTopic(
            Topics.PROSPECT_PROFILES.name(),
            Topics.PROSPECT_PROFILES.keySerde().serializer(),
            serdes.forTopic(Topics.PROSPECT_PROFILES).serializer());
    var out =
        driver.createOutputTopic(
            Topics.FOLLOWUP_DECISIONS.name(),
            Topics.FOLLOWUP_DECISIONS.keySerde().deserializer(),
            serdes.forTopic(Topics.FOLLOWUP_DECISIONS).deserializer());
    prof.pipeInput(V, consenting(V, "UTC"), T0);
    in.pipeInput(
        V, detected(V, "h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0), T0);
    driver.advanceWallClockTime(Duration.ofHours(1));
    driver.advanceWallClockTime(Duration.ofHours(2));
    driver.advanceWallClockTime(Duration.ofHours(14));
    // 10:00 sent; 12:00 due but within 16 h → delayed to 02:00 next day = quiet hours → delayed to
    // 08:00
    assertThat(out.readValuesToList())
        .extracting(
            FollowupDecision::getTriggerId,
            FollowupDecision::getOutcome,
            FollowupDecision::getReason,
            FollowupDecision::getDelayedUntil)
        .containsExactly(
            tuple("h-1#1", DecisionOutcome.SENT, DecisionReason.OK, null),
            tuple(
                "h-1#2",
                DecisionOutcome.DELAYED,
                DecisionReason.COOLDOWN,
                Instant.parse("2026-11-24T02:00:00Z")),
            tuple(
                "h-1#2",
                DecisionOutcome.DELAYED,
                DecisionReason.QUIET_HOURS,
                Instant.parse("2026-11-24T08:00:00Z")));
    driver.advanceWallClockTime(Duration.ofHours(6));
    assertThat(out.readValuesToList())
        .extracting(FollowupDecision::getTriggerId, FollowupDecision::getOutcome)
        .containsExactly(tuple("h-1#2", DecisionOutcome.SENT));
  }

  @Test
  void aClosedHesitationIsNotChased() {
    profiles.pipeInput(V, consenting(V, "UTC"), T0);
    Hesitation h = detected(V, "h-1", HesitationKind.BROWSE_ABANDONED, HesitationReason.PRICE, T0);
    hesitations.pipeInput(V, h, T0);
    hesitations.pipeInput(
        V,
        Hesitation.newBuilder(h)
            .setStatus(io.leadpipe.schemas.hesitation.HesitationStatus.CLOSED)
            .build(),
        T0);
    driver.advanceWallClockTime(Duration.ofDays(6));
    assertThat(triggers.isEmpty()).isTrue();
    assertThat(decisions.readValuesToList())
        .extracting(FollowupDecision::getOutcome, FollowupDecision::getReason)
        .containsExactly(tuple(DecisionOutcome.CANCELLED, DecisionReason.NOT_QUALIFIED));
  }

  @Test
  void aPurchaseAfterTheAttributionWindowIsNotCreditedToThePlay() {
    profiles.pipeInput(V, consenting(V, "UTC"), T0);
    hesitations.pipeInput(
        V, detected(V, "h-1", HesitationKind.PRICE_WATCHING, HesitationReason.PRICE, T0), T0);
    driver.advanceWallClockTime(Duration.ofHours(2));
    driver.advanceWallClockTime(Duration.ofDays(4)); // both steps sent, sequence complete
    decisions.readValuesToList();
    Instant late = T0.plus(Duration.ofDays(12));
    webEvents.pipeInput(V, purchase(V, "o-late", late), late);
    assertThat(decisions.isEmpty()).isTrue();
  }

  @Test
  void anOlderDetectionArrivingLateDoesNotSupersedeTheCurrentOne() {
    profiles.pipeInput(V, consenting(V, "UTC"), T0);
    Hesitation older =
        detected(
            V, "h-0", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0.minusSeconds(60));
    hesitations.pipeInput(
        V, detected(V, "h-1", HesitationKind.CART_ABANDONED, HesitationReason.PRICE, T0), T0);
    hesitations.pipeInput(V, older, T0);
    driver.advanceWallClockTime(Duration.ofHours(1));
    assertStep(1, FollowupPlay.REMINDER, HesitationReason.PRICE);
    assertThat(decisions.readValuesToList())
        .extracting(FollowupDecision::getTriggerId)
        .containsExactly("h-1#1");
  }

  private void assertStep(int step, FollowupPlay play, HesitationReason reason) {
    assertThat(triggers.readKeyValuesToList())
        .extracting(
            kv -> kv.key,
            kv -> kv.value.getTriggerId(),
            kv -> kv.value.getStep(),
            kv -> kv.value.getPlay(),
            kv -> kv.value.getReason())
        .containsExactly(tuple(V, "h-1#" + step, step, play, reason));
  }
}
