package io.leadpipe.scoring.timing;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.leadtype.PurchaseStats;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.profile.ScoringRules;
import io.leadpipe.scoring.segment.SegmentRuleParser;
import io.leadpipe.scoring.segment.TimeAttribute;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
