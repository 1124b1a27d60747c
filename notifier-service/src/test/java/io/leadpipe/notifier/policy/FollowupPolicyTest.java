package io.leadpipe.notifier.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.DecisionReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FollowupPolicyTest {

  // 12:00 UTC: outside the default quiet hours (21:00-08:00) in UTC.
  private static final Instant NOON_UTC = Instant.parse("2026-11-23T12:00:00Z");
  private final FollowupPolicy policy =
      new FollowupPolicy(PolicyConfig.defaults(), Clock.fixed(NOON_UTC, ZoneOffset.UTC));

  private static Prospect consenting(String tz) {
    return new Prospect("u1", Map.of("email", "GRANTED"), tz, 50.0, List.of("vip"), null);
  }

  @ParameterizedTest
  @CsvSource({
    "PRICE,DISCOUNT_OFFER",
    "REVIEWS,SOCIAL_PROOF",
    "QUALITY,QUALITY_REASSURANCE",
    "SHIPPING,FREE_SHIPPING",
    "UNKNOWN,SURVEY"
  })
  void eachReasonHasItsPlay(HesitationReason reason, FollowupPlay play) {
    assertThat(policy.play(StepType.REASON_PLAY, reason).play()).isEqualTo(play);
  }

  @Test
  void remindersRemindAndSurveysAsk() {
    assertThat(policy.play(StepType.REMINDER, HesitationReason.PRICE).play())
        .isEqualTo(FollowupPlay.REMINDER);
    assertThat(policy.play(StepType.SURVEY, HesitationReason.PRICE).play())
        .isEqualTo(FollowupPlay.SURVEY);
    assertThat(policy.play(StepType.SURVEY, HesitationReason.PRICE).attributes())
        .containsEntry("question", "What kept you from ordering?");
  }

  @Test
  void priceCanBeConfiguredAsPriceMatch() {
    FollowupPolicy p =
        new FollowupPolicy(
            PolicyConfig.defaults()
                .withPlay(
                    HesitationReason.PRICE,
                    new PolicyConfig.PlaySpec(FollowupPlay.PRICE_MATCH, Map.of())),
            Clock.systemUTC());
    assertThat(p.play(StepType.REASON_PLAY, HesitationReason.PRICE).play())
        .isEqualTo(FollowupPlay.PRICE_MATCH);
  }

  @Test
  void cartSequenceIsReminderAfterOneHourPlayAfterADaySurveyAfterThreeDays() {
    Instant detected = Instant.parse("2026-11-20T10:00:00Z");
    assertThat(policy.sequence(HesitationKind.CART_ABANDONED))
        .extracting(PolicyConfig.Step::type)
        .containsExactly(StepType.REMINDER, StepType.REASON_PLAY, StepType.SURVEY);
    assertThat(policy.dueAt(HesitationKind.CART_ABANDONED, 0, detected))
        .contains(detected.plus(Duration.ofHours(1)));
    assertThat(policy.dueAt(HesitationKind.CART_ABANDONED, 1, detected))
        .contains(detected.plus(Duration.ofHours(24)));
    assertThat(policy.dueAt(HesitationKind.CART_ABANDONED, 2, detected))
        .contains(detected.plus(Duration.ofHours(72)));
    assertThat(policy.dueAt(HesitationKind.CART_ABANDONED, 3, detected)).isEmpty();
  }

  @Test
  void sequencesAreConfigurable() {
    FollowupPolicy p =
        new FollowupPolicy(
            PolicyConfig.defaults()
                .withSequences(
                    Map.of(
                        HesitationKind.PRICE_WATCHING,
                        List.of(new PolicyConfig.Step(StepType.SURVEY, Duration.ofMinutes(5))))),
            Clock.systemUTC());
    assertThat(p.dueAt(HesitationKind.PRICE_WATCHING, 0, NOON_UTC))
        .contains(NOON_UTC.plusSeconds(300));
    assertThat(p.dueAt(HesitationKind.PRICE_WATCHING, 1, NOON_UTC)).isEmpty();
  }

  @Test
  void sendsOnTheFirstConsentedChannel() {
    Prospect p =
        new Prospect("u1", Map.of("email", "REVOKED", "sms", "GRANTED"), "UTC", 1, List.of(), null);
    assertThat(policy.decide(p, ContactHistory.none()))
        .isEqualTo(new Decision(DecisionOutcome.SENT, DecisionReason.OK, "sms", null, null));
  }

  @Test
  void noConsentSuppressesAndSaysWhy() {
    Prospect denied = new Prospect("u1", Map.of("email", "DENIED"), "UTC", 99, List.of(), null);
    assertThat(policy.decide(denied, ContactHistory.none()).outcome())
        .isEqualTo(DecisionOutcome.SUPPRESSED);
    assertThat(policy.decide(denied, ContactHistory.none()).reason())
        .isEqualTo(DecisionReason.NO_CONSENT);
    assertThat(policy.decide(Prospect.unknown(), ContactHistory.none()).reason())
        .isEqualTo(DecisionReason.NO_CONSENT);
  }

  @Test
  void cooldownDelaysUntilItEnds() {
    Instant last = NOON_UTC.minus(Duration.ofHours(10));
    Decision d = policy.decide(consenting("UTC"), new ContactHistory(last, List.of(last)));
    assertThat(d.outcome()).isEqualTo(DecisionOutcome.DELAYED);
    assertThat(d.reason()).isEqualTo(DecisionReason.COOLDOWN);
    assertThat(d.delayedUntil()).isEqualTo(last.plus(Duration.ofHours(16)));
    Instant longAgo = NOON_UTC.minus(Duration.ofHours(17));
    assertThat(
            policy
                .decide(consenting("UTC"), new ContactHistory(longAgo, List.of(longAgo)))
                .outcome())
        .isEqualTo(DecisionOutcome.SENT);
  }

  @Test
  void frequencyCapDelaysUntilTheOldestSendLeavesTheWindow() {
    FollowupPolicy p =
        new FollowupPolicy(
            PolicyConfig.defaults()
                .withGuardrails(
                    2, Duration.ofDays(7), Duration.ZERO, LocalTime.of(21, 0), LocalTime.of(8, 0)),
            Clock.systemUTC());
    Instant a = NOON_UTC.minus(Duration.ofDays(3));
    Instant b = NOON_UTC.minus(Duration.ofDays(1));
    Decision d = p.decide(consenting("UTC"), new ContactHistory(b, List.of(a, b)), NOON_UTC);
    assertThat(d.reason()).isEqualTo(DecisionReason.FREQUENCY_CAP);
    assertThat(d.delayedUntil()).isEqualTo(a.plus(Duration.ofDays(7)));
    Instant old = NOON_UTC.minus(Duration.ofDays(8));
    assertThat(
            p.decide(consenting("UTC"), new ContactHistory(b, List.of(old, b)), NOON_UTC).outcome())
        .isEqualTo(DecisionOutcome.SENT);
  }

  @ParameterizedTest
  @CsvSource({
    // 12:00 UTC is 21:00 in Tokyo: quiet until 08:00 Tokyo = 23:00 UTC
    "Asia/Tokyo,2026-11-23T23:00:00Z",
    // 12:00 UTC is 01:00 in Auckland (UTC+13 in November): quiet until 08:00 = 19:00 UTC
    "Pacific/Auckland,2026-11-23T19:00:00Z",
    // 12:00 UTC is 04:00 in Los Angeles: quiet until 08:00 = 16:00 UTC
    "America/Los_Angeles,2026-11-23T16:00:00Z"
  })
  void quietHoursDelayToTheirEndInTheVisitorsZone(String zone, String until) {
    Decision d = policy.decide(consenting(zone), ContactHistory.none());
    assertThat(d.outcome()).isEqualTo(DecisionOutcome.DELAYED);
    assertThat(d.reason()).isEqualTo(DecisionReason.QUIET_HOURS);
    assertThat(d.delayedUntil()).isEqualTo(Instant.parse(until));
  }

  @Test
  void outsideQuietHoursInTheVisitorsZoneItSends() {
    // 12:00 UTC is 13:00 in Paris
    assertThat(policy.decide(consenting("Europe/Paris"), ContactHistory.none()).outcome())
        .isEqualTo(DecisionOutcome.SENT);
    // unknown zone falls back to the default (UTC)
    assertThat(policy.decide(consenting("Mars/Olympus"), ContactHistory.none()).outcome())
        .isEqualTo(DecisionOutcome.SENT);
  }

  @Test
  void minimumScoreAndSegmentConditions() {
    FollowupPolicy p =
        new FollowupPolicy(
            PolicyConfig.defaults().withAudience(10.0, Set.of("vip"), Set.of("staff")),
            Clock.fixed(NOON_UTC, ZoneOffset.UTC));
    assertThat(
            p.decide(
                    new Prospect("u", Map.of("email", "GRANTED"), "UTC", 5.0, List.of("vip"), null),
                    ContactHistory.none())
                .reason())
        .isEqualTo(DecisionReason.BELOW_MIN_SCORE);
    assertThat(
            p.decide(
                    new Prospect("u", Map.of("email", "GRANTED"), "UTC", 50.0, List.of(), null),
                    ContactHistory.none())
                .reason())
        .isEqualTo(DecisionReason.SEGMENT_CONDITION);
    assertThat(
            p.decide(
                    new Prospect(
                        "u",
                        Map.of("email", "GRANTED"),
                        "UTC",
                        50.0,
                        List.of("vip", "staff"),
                        null),
                    ContactHistory.none())
                .reason())
        .isEqualTo(DecisionReason.SEGMENT_CONDITION);
    assertThat(p.decide(consenting("UTC"), ContactHistory.none()).outcome())
        .isEqualTo(DecisionOutcome.SENT);
  }

  @Test
  void statedNotInterestedOrBoughtElsewhereCancels() {
    for (HesitationReason r :
        List.of(HesitationReason.NO_LONGER_INTERESTED, HesitationReason.BOUGHT_ELSEWHERE)) {
      Prospect p = new Prospect("u", Map.of("email", "GRANTED"), "UTC", 50, List.of(), r);
      Decision d = policy.decide(p, ContactHistory.none());
      assertThat(d.outcome()).isEqualTo(DecisionOutcome.CANCELLED);
      assertThat(d.reason()).isEqualTo(DecisionReason.STATED_NOT_INTERESTED);
    }
  }

  @Test
  void attributionWindow() {
    Instant sent = NOON_UTC;
    assertThat(policy.attributable(sent, sent.plus(Duration.ofDays(6)))).isTrue();
    assertThat(policy.attributable(sent, sent.plus(Duration.ofDays(8)))).isFalse();
    assertThat(policy.attributable(sent, sent.minusSeconds(1))).isFalse();
    assertThat(policy.attributable(null, sent)).isFalse();
  }
}
