package io.leadpipe.scoring.topology;

import static io.leadpipe.scoring.testing.TopologyFixture.T0;
import static io.leadpipe.scoring.testing.TopologyFixture.consent;
import static io.leadpipe.scoring.testing.TopologyFixture.traits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.common.DeviceInfo;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.schemas.profile.FitGrade;
import io.leadpipe.schemas.profile.InfluenceType;
import io.leadpipe.schemas.profile.ProfileFit;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.social.SocialKind;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.profile.ActivityRules;
import io.leadpipe.scoring.profile.ScoringRules;
import io.leadpipe.scoring.testing.TopologyFixture;
import io.leadpipe.streams.deadletter.DeadLetters;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.Metric;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Social events, identities and hesitations join web events in one profile; every input is decoded
 * safely.
 */
class InputsTopologyTest {

  private final TopologyFixture f = new TopologyFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void socialInteractionsFeedEngagementAndReach() {
    f.send(
        f.socialEvent("v1", SocialKind.FOLLOW, T0)
            .setFollowerCount(9_999L)
            .setActorHandle("@ann")
            .build());
    f.send(f.socialEvent("v1", SocialKind.MENTION, T0.plusSeconds(1)).build());

    ProspectProfile p = f.latest("v1");
    assertThat(p.getEngagement().getValue()).isEqualTo(8.0);
    assertThat(p.getActivity().getSocialInteractions()).isEqualTo(2);
    assertThat(p.getActivity().getSessions()).isZero();
    assertThat(p.getInfluence().getFollowers()).isEqualTo(9_999L);
    assertThat(p.getInfluence().getMentions()).isEqualTo(1);
    assertThat(p.getInfluence().getValue()).isEqualTo(41.0);
    assertThat(p.getLeadTypes().getInfluence()).isEqualTo(InfluenceType.AMPLIFIER);
    assertThat(p.getTraits().getSocialHandles()).containsEntry("instagram", "@ann");
  }

  @Test
  void followerCountsAddUpAcrossNetworksAndTheLatestCountPerNetworkWins() {
    f.send(
        f.socialEvent("v1", SocialKind.LIKE, T0)
            .setNetwork("tiktok")
            .setFollowerCount(500L)
            .build());
    f.send(
        f.socialEvent("v1", SocialKind.LIKE, T0.plusSeconds(2))
            .setNetwork("instagram")
            .setFollowerCount(300L)
            .build());
    f.send(
        f.socialEvent("v1", SocialKind.LIKE, T0.plusSeconds(3))
            .setNetwork("tiktok")
            .setFollowerCount(700L)
            .build());
    // An older count arriving late does not replace the newer one.
    f.send(
        f.socialEvent("v1", SocialKind.LIKE, T0.plusSeconds(1))
            .setNetwork("tiktok")
            .setFollowerCount(100L)
            .build());

    assertThat(f.latest("v1").getInfluence().getFollowers()).isEqualTo(1_000L);
  }

  @Test
  void identifyTraitsFeedTheFitScoreGradeAndProfileLeadType() {
    f.send("v1", WebEventType.PAGE_VIEW, T0);
    assertThat(f.latest("v1").getFit().getGrade()).isEqualTo(FitGrade.D);

    f.identify(
        "v1",
        traits()
            .setAge(34)
            .setIncomeBand("middle")
            .setCountry("DE")
            .setCity("Hamburg")
            .setInterests(List.of("shoes"))
            .build(),
        T0.plusSeconds(60));

    ProspectProfile p = f.latest("v1");
    assertThat(p.getFit().getValue()).isEqualTo(90.6);
    assertThat(p.getFit().getGrade()).isEqualTo(FitGrade.A);
    assertThat(p.getLeadTypes().getProfileFit()).isEqualTo(ProfileFit.TARGET);
    assertThat(p.getFit().getFactors())
        .extracting(x -> x.getSignal(), x -> x.getPoints(), x -> x.getDetail(), x -> x.getAt())
        .containsExactly(
            tuple("age", 25.0, "25/25", T0.plusSeconds(60)),
            tuple("income", 20.0, "20/20", T0.plusSeconds(60)),
            tuple("location", 20.0, "20/20", T0.plusSeconds(60)),
            tuple("interests", 7.5, "7.5/15", T0.plusSeconds(60)));
    assertThat(p.getTraits().getCity()).isEqualTo("Hamburg");
    assertThat(p.getInterests()).containsExactly("shoes");
  }

  @Test
  void eachFitGradeThroughTheStream() {
    // Default target: age 25-45 (25), income middle+ (20), locations (20), interests (15); 80
    // points in all.
    f.identify(
        "a",
        traits()
            .setAge(30)
            .setIncomeBand("high")
            .setCountry("FR")
            .setInterests(List.of("fashion", "shoes"))
            .build(),
        T0);
    f.identify("b", traits().setAge(30).setIncomeBand("high").setCountry("BR").build(), T0);
    f.identify("c", traits().setAge(30).setCountry("DE").build(), T0);
    f.identify("d", traits().setAge(70).setCountry("BR").build(), T0);

    assertThat(List.of("a", "b", "c", "d"))
        .extracting(
            v -> f.latest(v).getFit().getValue(),
            v -> f.latest(v).getFit().getGrade(),
            v -> f.latest(v).getLeadTypes().getProfileFit())
        .containsExactly(
            tuple(100.0, FitGrade.A, ProfileFit.TARGET),
            tuple(56.3, FitGrade.C, ProfileFit.NEAR_TARGET),
            tuple(56.3, FitGrade.C, ProfileFit.NEAR_TARGET),
            tuple(0.0, FitGrade.D, ProfileFit.OFF_TARGET));
    f.identify("b", traits().setInterests(List.of("lifestyle")).build(), T0.plusSeconds(1));
    assertThat(f.latest("b").getFit().getGrade()).isEqualTo(FitGrade.B);
  }

  @Test
  void aLateIdentifyNeverOverwritesANewerAnswerButFillsWhatWasUnknown() {
    f.identify("v1", traits().setIncomeBand("high").build(), T0.plus(Duration.ofMinutes(10)));
    f.identify(
        "v1",
        traits().setIncomeBand("low").setCity("Lyon").build(),
        T0.plus(Duration.ofMinutes(5)));

    ProspectProfile p = f.latest("v1");
    assertThat(p.getTraits().getIncomeBand()).isEqualTo("high");
    assertThat(p.getTraits().getCity()).isEqualTo("Lyon");
  }

  @Test
  void consentPerChannelKeepsTheLatestAnswerWithItsDateAndRulesCanTestIt() {
    f.define("email-ok", "{\"attr\":\"consent.email\",\"op\":\"eq\",\"value\":\"GRANTED\"}");
    f.identify("v1", traits().setConsent(consent("email", ConsentStatus.GRANTED, T0)).build(), T0);
    f.identify(
        "v1",
        traits().setConsent(consent("sms", ConsentStatus.DENIED, T0.plusSeconds(5))).build(),
        T0.plusSeconds(5));
    // An identify that says nothing about email leaves its consent as it was.
    f.identify(
        "v1",
        traits().setConsent(consent("email", ConsentStatus.UNKNOWN, null)).build(),
        T0.plusSeconds(6));

    var consent = f.latest("v1").getTraits().getConsent();
    assertThat(consent.get("email").getStatus()).isEqualTo(ConsentStatus.GRANTED);
    assertThat(consent.get("email").getUpdatedAt()).isEqualTo(T0);
    assertThat(consent.get("sms").getStatus()).isEqualTo(ConsentStatus.DENIED);
    assertThat(f.segmentChanges.readValuesToList())
        .extracting(c -> c.getChange() + " " + c.getSegmentId())
        .containsExactly("ENTERED email-ok");

    f.identify(
        "v1",
        traits().setConsent(consent("email", ConsentStatus.REVOKED, T0.plusSeconds(9))).build(),
        T0.plusSeconds(9));
    assertThat(f.segmentChanges.readValuesToList())
        .extracting(c -> c.getChange() + " " + c.getSegmentId())
        .containsExactly("EXITED email-ok");
  }

  @Test
  void theBrowserTimezoneStandsInUntilTheVisitorTellsTheirs() {
    f.send(
        f.webEvent("v1", WebEventType.PAGE_VIEW, T0)
            .setContext(EventContext.newBuilder().setTimezone("Europe/Berlin").build())
            .build());
    assertThat(f.latest("v1").getTraits().getTimezone()).isEqualTo("Europe/Berlin");

    f.identify("v1", traits().setTimezone("Europe/Lisbon").build(), T0.plusSeconds(1));
    assertThat(f.latest("v1").getTraits().getTimezone()).isEqualTo("Europe/Lisbon");
  }

  @Test
  void aliasRecordsThePreviousIdOnTheKnownVisitorsProfile() {
    f.identities.pipeInput(
        "u-1",
        IdentityEvent.newBuilder()
            .setMessageId("al-1")
            .setKind(IdentityKind.ALIAS)
            .setUserId("u-1")
            .setPreviousId("anon-1")
            .setEventTime(T0)
            .setReceivedAt(T0)
            .setSource("test")
            .setTraits(traits().build())
            .build(),
        T0);
    f.publish();

    ProspectProfile p = f.latest("u-1");
    assertThat(p.getUserId()).isEqualTo("u-1");
    assertThat(p.getAnonymousIds()).containsExactly("anon-1");
  }

  @Test
  void misKeyedRecordsAreRoutedToTheirVisitorAndCorrectlyKeyedOnesStayPut() {
    WebEvent known = f.webEvent("a-7", WebEventType.CART_ADD, T0).setUserId("u-7").build();
    f.web.pipeInput("a-7", known, T0); // keyed by the anonymous id, but the visitor is u-7
    f.web.pipeInput((String) null, f.webEvent("a-8", WebEventType.PAGE_VIEW, T0).build(), T0);
    f.send("a-9", WebEventType.PAGE_VIEW, T0);

    assertThat(f.profiles.readKeyValuesToList())
        .extracting(kv -> kv.key, kv -> kv.value.getVisitorId())
        .containsExactlyInAnyOrder(tuple("u-7", "u-7"), tuple("a-8", "a-8"), tuple("a-9", "a-9"));
    assertThat(f.latest("u-7").getAnonymousIds()).containsExactly("a-7");
  }

  @Test
  void eachInputTopicDeadLettersWhatItCannotDecodeAndKeepsRunning() {
    for (var topic :
        List.of(Topics.WEB_EVENTS, Topics.SOCIAL_EVENTS, Topics.IDENTITIES, Topics.HESITATIONS)) {
      f.raw(topic).pipeInput("v1", new byte[] {0, 0, 0, 0, 42, 7});
    }
    f.send("v1", WebEventType.CART_ADD, T0);

    List<DeadLetter> dls = f.deadLetters.readValuesToList();
    assertThat(dls)
        .extracting(DeadLetter::getTopic, DeadLetter::getReason)
        .containsExactlyInAnyOrder(
            tuple(Topics.WEB_EVENTS.name(), DeadLetters.UNDECODABLE),
            tuple(Topics.SOCIAL_EVENTS.name(), DeadLetters.UNDECODABLE),
            tuple(Topics.IDENTITIES.name(), DeadLetters.UNDECODABLE),
            tuple(Topics.HESITATIONS.name(), DeadLetters.UNDECODABLE));
    assertThat(dls)
        .allSatisfy(
            dl -> {
              assertThat(dl.getApplication()).isEqualTo(ProspectTopology.APPLICATION);
              assertThat(dl.getPartition()).isZero();
              assertThat(dl.getOffset()).isZero();
              assertThat(dl.getErrorClass()).isNotBlank();
              assertThat(dl.getOriginalValue().array()).containsExactly(0, 0, 0, 0, 42, 7);
            });
    assertThat(f.latest("v1").getEngagement().getValue()).isEqualTo(10.0);
  }

  @Test
  void anEventThatNamesNoVisitorIsDeadLetteredWithTheReason() {
    f.web.pipeInput("x", f.webEvent(null, WebEventType.PAGE_VIEW, T0).build(), T0);
    f.send(f.socialEvent(null, SocialKind.LIKE, T0).build());

    assertThat(f.deadLetters.readValuesToList())
        .extracting(DeadLetter::getTopic, DeadLetter::getReason)
        .containsExactly(
            tuple(Topics.WEB_EVENTS.name(), DeadLetters.INVALID),
            tuple(Topics.SOCIAL_EVENTS.name(), DeadLetters.INVALID));
    assertThat(f.profiles.isEmpty()).isTrue();
  }

  @Test
  void anInputTheRulesFailOnIsDeadLetteredAndTheOthersAreStillApplied() {
    // A session rule without an inactivity cannot judge a visitor's second web event: the rules
    // throw for it.
    var defaults = ScoringConfig.defaults();
    var broken =
        new ScoringRules(
            defaults.rules().engagement(),
            defaults.rules().fit(),
            defaults.rules().influence(),
            defaults.rules().leadTypes(),
            defaults.rules().rfm(),
            defaults.rules().lifecycle(),
            new ActivityRules(null, 5, 3),
            defaults.rules().referral(),
            defaults.rules().history(),
            defaults.rules().limits());
    try (var g = new TopologyFixture(defaults.withRules(broken))) {
      g.send("v1", WebEventType.PAGE_VIEW, T0);
      var view = g.send("v1", WebEventType.PAGE_VIEW, T0.plusSeconds(1));
      g.send(g.socialEvent("v1", SocialKind.LIKE, T0.plusSeconds(2)).build());

      assertThat(g.deadLetters.readValuesToList())
          .singleElement()
          .satisfies(
              dl -> {
                assertThat(dl.getReason()).isEqualTo(DeadLetters.PROCESSING_FAILED);
                assertThat(dl.getTopic()).isEqualTo(Topics.WEB_EVENTS.name());
                assertThat(dl.getOffset()).isEqualTo(1);
                assertThat(dl.getErrorClass()).isEqualTo(NullPointerException.class.getName());
                assertThat(dl.getDetails()).containsEntry("cause", view.getMessageId());
              });
      assertThat(g.latest("v1").getActivity().getSocialInteractions()).isEqualTo(1);
      assertThat(g.latest("v1").getActivity().getPageViews()).isEqualTo(1);
    }
  }

  @Test
  void duplicatesAreDroppedOnEveryInputAndIdsOfDifferentInputsNeverCollide() {
    var like = f.send(f.socialEvent("v1", SocialKind.LIKE, T0).setMessageId("same").build());
    f.send(like);
    IdentityEvent identify =
        IdentityEvent.newBuilder()
            .setMessageId("same")
            .setKind(IdentityKind.IDENTIFY)
            .setAnonymousId("v1")
            .setEventTime(T0)
            .setReceivedAt(T0)
            .setSource("test")
            .setTraits(traits().setAge(30).build())
            .build();
    f.identities.pipeInput("v1", identify, T0);
    f.publish();
    f.identities.pipeInput("v1", identify, T0);
    f.publish();

    assertThat(f.profiles.readValuesToList())
        .extracting(ProspectProfile::getRevision)
        .containsExactly(1L, 2L);
  }

  @Test
  void twoVisitorsWithTheSameMessageIdBothCountAndEachOnesRetryIsDropped() {
    f.define("browsers", "{\"attr\":\"activity.pageViews\",\"op\":\"gte\",\"value\":1}");
    var first = f.send(f.webEvent("v1", WebEventType.PAGE_VIEW, T0).setMessageId("same").build());
    var other = f.send(f.webEvent("v2", WebEventType.PAGE_VIEW, T0).setMessageId("same").build());
    f.send(first);
    f.send(other);
    // Visitor ids that would spell the same key without the visitor id's length.
    f.send(f.webEvent("a:b", WebEventType.PAGE_VIEW, T0).setMessageId("c").build());
    f.send(f.webEvent("a", WebEventType.PAGE_VIEW, T0).setMessageId("b:c").build());

    assertThat(f.profiles.readKeyValuesToList())
        .extracting(kv -> kv.key, kv -> kv.value.getRevision())
        .containsExactly(tuple("v1", 1L), tuple("v2", 1L), tuple("a:b", 1L), tuple("a", 1L));
    // The cause still names the message id the client sent.
    assertThat(f.segmentChanges.readValuesToList())
        .extracting(c -> c.getVisitorId() + " " + c.getCause())
        .containsExactly("v1 same", "v2 same", "a:b c", "a b:c");
  }

  @Test
  void robotTrafficCreatesNoProfileAndNoSegmentChangeAndIsCounted() {
    f.define("browsers", "{\"attr\":\"activity.pageViews\",\"op\":\"gte\",\"value\":1}");
    EventContext robot =
        EventContext.newBuilder()
            .setDevice(DeviceInfo.newBuilder().setDeviceClass("Robot").setBot(true).build())
            .build();
    f.send(f.webEvent("crawler", WebEventType.PAGE_VIEW, T0).setContext(robot).build());
    f.send(f.webEvent("crawler", WebEventType.PRODUCT_VIEW, T0).setContext(robot).build());
    f.send(
        f.webEvent("v1", WebEventType.PAGE_VIEW, T0)
            .setContext(
                EventContext.newBuilder().setDevice(DeviceInfo.newBuilder().build()).build())
            .build());

    assertThat(f.profiles.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("v1");
    assertThat(f.segmentChanges.readValuesToList())
        .extracting(c -> c.getVisitorId())
        .containsExactly("v1");
    assertThat(f.driver.getKeyValueStore(Stores.PROFILE_STATE_STORE).get("crawler")).isNull();
    assertThat(robotEventsIgnored()).isEqualTo(2.0);
  }

  private double robotEventsIgnored() {
    return f.driver.metrics().entrySet().stream()
        .filter(
            e ->
                e.getKey().name().equals(IgnoreRobots.METRIC + "-total")
                    && e.getKey()
                        .group()
                        .equals("stream-" + IgnoreRobots.METRIC_SCOPE + "-metrics"))
        .mapToDouble(e -> ((Number) ((Metric) e.getValue()).metricValue()).doubleValue())
        .sum();
  }

  @Test
  void aSocialEventOlderThanTheGraceIsDroppedAndOneWithinIsApplied() {
    f.send("v1", WebEventType.PAGE_VIEW, T0);
    f.send(f.socialEvent("v1", SocialKind.LIKE, T0.minus(Duration.ofMinutes(59))).build());
    f.send(f.socialEvent("v1", SocialKind.LIKE, T0.minus(Duration.ofMinutes(61))).build());

    assertThat(f.profiles.readValuesToList()).hasSize(2);
    assertThat(f.latest("v1").getActivity().getSocialInteractions()).isEqualTo(1);
  }
}
