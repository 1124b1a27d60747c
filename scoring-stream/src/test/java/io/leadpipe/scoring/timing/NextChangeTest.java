package io.leadpipe.scoring.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadpipe.scoring.engagement.EngagementScorer;
import io.leadpipe.scoring.engagement.SignalState;
import io.leadpipe.scoring.leadtype.PurchaseStats;
import io.leadpipe.scoring.lifecycle.HesitationState;
import io.leadpipe.scoring.lifecycle.LifecycleStage;
import io.leadpipe.scoring.lifecycle.OpenHesitation;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.profile.ScoringRules;
import io.leadpipe.scoring.segment.SegmentRuleParser;
import io.leadpipe.scoring.segment.TimeAttribute;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The threshold and crossing-time math, without Kafka. */
class NextChangeTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final NextChange next = new NextChange(ScoringRules.defaults());

  private static Instant day(double n) {
    return T0.plusMillis(Math.round(n * TimeAttribute.DAY_MS));
  }

  private static TimeThresholds thresholds(String... rules) {
    return TimeThresholds.of(List.of(rules).stream().map(SegmentRuleParser::parse).toList());
  }

  /** A visitor first seen on day 0 and last seen on {@code lastSeen}, who never bought. */
  private static ProfileState visitor(Instant firstSeen, Instant lastSeen) {
    return new ProfileState(
        "v", null, List.of(), firstSeen, lastSeen, lastSeen, 1, null, null, null, null, null, null,
        null, null, null, null);
  }

  private static ProfileState buyer(PurchaseStats purchases) {
    Instant last = purchases.lastPurchase();
    return new ProfileState(
        "v", null, List.of(), T0, last, last, 1, null, null, null, purchases, null, null, null,
        null, null, null);
  }

  @Test
  void thresholdsAreEveryNumberATimeAttributeIsComparedWithAnywhereInTheEnabledRules() {
    var t =
        thresholds(
            "{\"all\":[{\"attr\":\"activity.daysSinceLastSeen\",\"op\":\"gt\",\"value\":14},"
                + "{\"not\":{\"attr\":\"activity.daysSinceFirstSeen\",\"op\":\"lte\",\"value\":0.25}}]}",
            "{\"any\":[{\"attr\":\"activity.daysSinceLastPurchase\",\"op\":\"in\",\"value\":[30,60]},"
                + "{\"attr\":\"engagement.score\",\"op\":\"gte\",\"value\":50}]}",
            "{\"attr\":\"activity.daysSinceLastSeen\",\"op\":\"lte\",\"value\":7}");
    assertThat(t.of(TimeAttribute.LAST_SEEN)).containsExactly(7.0, 14.0);
    assertThat(t.of(TimeAttribute.FIRST_SEEN)).containsExactly(0.25);
    assertThat(t.of(TimeAttribute.LAST_PURCHASE)).containsExactly(30.0, 60.0);
    assertThat(t.engagementLevels()).containsExactly(49.95);
  }

  @Test
  void aDecayingEngagementScoreHasATimerWhenItsShownValueFallsBelowARuleThreshold() {
    // 60 points of checkouts (half-life 14 days) as of day 0: 60 x 0.5^(d/14) shows 50.0 until the
    // unrounded score falls below 49.95, at d = 14 x log2(60 / 49.95).
    ProfileState engaged =
        withSignals(
            visitor(T0, T0),
            Map.of("CHECKOUT_STARTED", new SignalState(60, T0, LocalDate.of(2026, 1, 1), 4, T0)));
    var t = thresholds("{\"attr\":\"engagement.score\",\"op\":\"gte\",\"value\":50}");

    Instant due = next.after(engaged, t, T0).orElseThrow();

    double expectedDays = 14 * Math.log(60 / 49.95) / Math.log(2);
    assertThat(Duration.between(T0, due).toMillis())
        .isCloseTo(Math.round(expectedDays * TimeAttribute.DAY_MS), within(2L));
    var scorer = new EngagementScorer(ScoringRules.defaults().engagement());
    // The timer is one ms past the first ms of the new answer, as the other moments are.
    assertThat(scorer.score(engaged.signals(), due.minusMillis(2))).isEqualTo(50.0);
    assertThat(scorer.score(engaged.signals(), due)).isEqualTo(49.9);
  }

  @Test
  void aProspectsStageFollowsTheirFadingEngagementWithNoRule() {
    // 30 points of checkouts (half-life 14 days): ENGAGED_PROSPECT while the shown score is 20.0 or
    // more, i.e. until the unrounded 30 x 0.5^(d/14) falls below 19.95.
    Map<String, SignalState> signals =
        Map.of("CHECKOUT_STARTED", new SignalState(30, T0, LocalDate.of(2026, 1, 1), 2, T0));
    ProfileState engaged = withSignals(visitor(T0, T0), signals);

    Instant due = next.after(engaged, TimeThresholds.NONE, T0).orElseThrow();

    double expectedDays = 14 * Math.log(30 / 19.95) / Math.log(2);
    assertThat(Duration.between(T0, due).toMillis())
        .isCloseTo(Math.round(expectedDays * TimeAttribute.DAY_MS), within(2L));
    var lifecycle = ScoringRules.defaults().lifecycle();
    var scorer = new EngagementScorer(ScoringRules.defaults().engagement());
    Instant before = due.minusMillis(2);
    assertThat(lifecycle.stage(PurchaseStats.none(), false, scorer.score(signals, before), before))
        .isEqualTo(LifecycleStage.ENGAGED_PROSPECT);
    assertThat(lifecycle.stage(PurchaseStats.none(), false, scorer.score(signals, due), due))
        .isEqualTo(LifecycleStage.VISITOR);

    // An open hesitation, not engagement, decides a hesitating buyer's stage: nothing to time.
    var hesitation =
        HesitationState.none()
            .detected(new OpenHesitation("h-1", "CART_ABANDONED", T0, T0, "PRICE", List.of()));
    ProfileState hesitating =
        new ProfileState(
            "v",
            null,
            List.of(),
            T0,
            T0,
            T0,
            1,
            null,
            null,
            signals,
            null,
            null,
            null,
            null,
            null,
            hesitation,
            null);
    assertThat(next.after(hesitating, TimeThresholds.NONE, T0)).isEmpty();
  }

  @Test
  void aScoreThatNeverReachesTheThresholdAgainNeedsNoEngagementTimer() {
    ProfileState browsing =
        withSignals(
            visitor(T0, T0),
            Map.of("PAGE_VIEW", new SignalState(5, T0, LocalDate.of(2026, 1, 1), 5, T0)));
    var t = thresholds("{\"attr\":\"engagement.score\",\"op\":\"gte\",\"value\":50}");

    assertThat(next.after(browsing, t, T0)).isEmpty();
  }

  @Test
  void withSignalsOfBothSignsTheFirstChangeOfSideIsFound() {
    // +40 fading in 7 days against -30 fading in 90 days: the score falls below 0 and stays.
    ProfileState mixed =
        withSignals(
            visitor(T0, T0),
            Map.of(
                "PRODUCT_VIEW", new SignalState(40, T0, LocalDate.of(2026, 1, 1), 10, T0),
                "UNSUBSCRIBE", new SignalState(-30, T0, LocalDate.of(2026, 1, 1), 1, T0)));
    var t = thresholds("{\"attr\":\"engagement.score\",\"op\":\"gt\",\"value\":0}");
    var scorer = new EngagementScorer(ScoringRules.defaults().engagement());

    Instant due = next.after(mixed, t, T0).orElseThrow();

    assertThat(scorer.score(mixed.signals(), due.minusMillis(2))).isGreaterThan(0.0);
    assertThat(scorer.score(mixed.signals(), due)).isLessThanOrEqualTo(0.0);
  }

  private static ProfileState withSignals(ProfileState s, Map<String, SignalState> signals) {
    return new ProfileState(
        s.visitorId(),
        s.userId(),
        s.anonymousIds(),
        s.firstSeen(),
        s.lastSeen(),
        s.asOf(),
        s.revision(),
        s.activity(),
        s.cart(),
        signals,
        s.purchases(),
        s.categoryViews(),
        s.traits(),
        s.reach(),
        s.referral(),
        s.hesitation(),
        s.history());
  }

  @Test
  void theNextCrossingIsTheReferenceTimePlusTheThresholdOneMillisecondOn() {
    var t =
        thresholds(
            "{\"attr\":\"activity.daysSinceLastSeen\",\"op\":\"lte\",\"value\":7}",
            "{\"attr\":\"activity.daysSinceFirstSeen\",\"op\":\"lt\",\"value\":0.25}");
    ProfileState s = visitor(T0, day(1));
    // First seen + 6 hours has passed by day 1; last seen + 7 days is next.
    assertThat(next.after(s, t, day(1))).contains(day(8).plusMillis(1));
    assertThat(next.after(visitor(T0, T0), t, T0)).contains(day(0.25).plusMillis(1));
    // Once every crossing is behind, nothing changes any more with time.
    assertThat(next.after(s, t, day(9))).isEmpty();
  }

  @Test
  void aCustomersMomentsIncludeRecencyFrequencyAtRiskAndLapsedWithNoRule() {
    // Every 10 days; last purchase on day 20.
    PurchaseStats purchases =
        PurchaseStats.none().plus(T0, 10, 1).plus(day(10), 10, 1).plus(day(20), 10, 1);
    ProfileState s = buyer(purchases);
    Instant last = day(20);
    assertThat(next.moments(s, TimeThresholds.NONE))
        .contains(
            // RFM recency: whole days past 7, 30, 90, 180
            last.plus(Duration.ofDays(8)),
            last.plus(Duration.ofDays(31)),
            // at risk after 10 days, lapsed after 20
            last.plus(Duration.ofDays(10)).plusMillis(1),
            last.plus(Duration.ofDays(20)).plusMillis(1),
            // frequent until 30 days, regular until 90
            last.plus(Duration.ofDays(30)).plusMillis(1),
            last.plus(Duration.ofDays(90)).plusMillis(1));
    assertThat(next.after(s, TimeThresholds.NONE, last)).contains(last.plus(Duration.ofDays(8)));
    assertThat(next.after(s, TimeThresholds.NONE, last.plus(Duration.ofDays(15))))
        .contains(last.plus(Duration.ofDays(20)).plusMillis(1));
  }

  @Test
  void aProspectWhoNeverBoughtHasNoPurchaseMoments() {
    var t = thresholds("{\"attr\":\"activity.daysSinceLastPurchase\",\"op\":\"gt\",\"value\":30}");
    assertThat(next.after(visitor(T0, T0), t, T0)).isEmpty();
  }
}
