package io.leadpipe.scoring.timing;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.segment.DefaultSegments;
import io.leadpipe.scoring.segment.SegmentRuleParser;
import io.leadpipe.scoring.segment.TimeAttribute;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which time thresholds a visitor can still cross, given what only their next event could change:
 * the thresholds their timer follows. Without Kafka.
 */
class TimeThresholdsTest {

  private static final String QUIET_IN_NZ =
      "{\"all\":[{\"attr\":\"traits.country\",\"op\":\"eq\",\"value\":\"NZ\"},"
          + "{\"attr\":\"activity.daysSinceLastSeen\",\"op\":\"gt\",\"value\":1}]}";

  private static TimeThresholds reachable(Map<String, ?> attributes, String... rules) {
    return TimeThresholds.reachable(
        List.of(rules).stream().map(SegmentRuleParser::parse).toList(), attributes);
  }

  private static String rule(String segmentId) {
    return DefaultSegments.ALL.stream()
        .filter(d -> d.segmentId().equals(segmentId))
        .findFirst()
        .orElseThrow()
        .rule();
  }

  @Test
  void aThresholdBehindAConditionTheVisitorDoesNotMeetIsNotReachable() {
    assertThat(reachable(Map.of("traits.country", "NZ"), QUIET_IN_NZ).of(TimeAttribute.LAST_SEEN))
        .containsExactly(1.0);
    assertThat(reachable(Map.of("traits.country", "DE"), QUIET_IN_NZ).isEmpty()).isTrue();
    // An absent attribute answers a comparison "no" until an event tells it.
    assertThat(reachable(Map.of(), QUIET_IN_NZ).isEmpty()).isTrue();
    // Every rule's thresholds, whoever the visitor: what a visitor's timer followed before.
    assertThat(TimeThresholds.of(List.of(SegmentRuleParser.parse(QUIET_IN_NZ))).isEmpty())
        .isFalse();
  }

  @Test
  void aPartAnotherPartAlreadyDecidesNeedsNoTimerAndNegationKeepsWhatIsOpen() {
    String boughtOrActiveThisWeek =
        "{\"any\":[{\"attr\":\"activity.purchases\",\"op\":\"gte\",\"value\":1},"
            + "{\"attr\":\"activity.daysSinceLastSeen\",\"op\":\"lte\",\"value\":7}]}";
    assertThat(reachable(Map.of("activity.purchases", 2), boughtOrActiveThisWeek).isEmpty())
        .isTrue();
    assertThat(
            reachable(Map.of("activity.purchases", 0), boughtOrActiveThisWeek)
                .of(TimeAttribute.LAST_SEEN))
        .containsExactly(7.0);

    // Of an "any", only the open part's threshold: the NZ newcomer part is settled "no".
    String newInNzOrQuiet =
        "{\"not\":{\"any\":[{\"all\":[{\"attr\":\"traits.country\",\"op\":\"eq\",\"value\":\"NZ\"},"
            + "{\"attr\":\"activity.daysSinceFirstSeen\",\"op\":\"lt\",\"value\":1}]},"
            + "{\"attr\":\"activity.daysSinceLastSeen\",\"op\":\"gt\",\"value\":30}]}}";
    TimeThresholds elsewhere = reachable(Map.of("traits.country", "DE"), newInNzOrQuiet);
    assertThat(elsewhere.of(TimeAttribute.LAST_SEEN)).containsExactly(30.0);
    assertThat(elsewhere.of(TimeAttribute.FIRST_SEEN)).isEmpty();
    TimeThresholds inNz = reachable(Map.of("traits.country", "NZ"), newInNzOrQuiet);
    assertThat(inNz.of(TimeAttribute.FIRST_SEEN)).containsExactly(1.0);
    assertThat(inNz.of(TimeAttribute.LAST_SEEN)).containsExactly(30.0);
  }

  @Test
  void attributesThatFollowTheClockNeverCloseAThreshold() {
    // The stage, an age a birth year gives (and the fit on it) and the propensity change with time:
    // their answer now says nothing about the moment the time threshold comes, so it stays open
    // whatever they are.
    String atRiskAndQuiet =
        "{\"all\":[{\"attr\":\"stage\",\"op\":\"eq\",\"value\":\"AT_RISK\"},"
            + "{\"attr\":\"traits.age\",\"op\":\"gte\",\"value\":18},"
            + "{\"attr\":\"fit.grade\",\"op\":\"in\",\"value\":[\"A\"]},"
            + "{\"attr\":\"propensity.purchase7d\",\"op\":\"gte\",\"value\":0.5},"
            + "{\"attr\":\"engagement.score\",\"op\":\"gte\",\"value\":50},"
            + "{\"attr\":\"activity.daysSinceLastSeen\",\"op\":\"gt\",\"value\":30}]}";
    TimeThresholds t =
        reachable(
            Map.of(
                "stage",
                "CUSTOMER",
                "traits.age",
                17,
                "traits.birthYear",
                2009,
                "fit.grade",
                "C",
                "propensity.purchase7d",
                0.1,
                "engagement.score",
                10.0,
                "activity.daysSinceLastSeen",
                2.0),
            atRiskAndQuiet);
    assertThat(t.of(TimeAttribute.LAST_SEEN)).containsExactly(30.0);
    assertThat(t.engagementLevels()).containsExactly(49.95);
  }

  @Test
  void theDefaultGoneQuietProspectsTimesOnlyVisitorsWhoLookedAtProductsOrFilledACart() {
    String goneQuiet = rule("gone-quiet-prospects");
    Map<String, Object> onePageView =
        Map.of("activity.purchases", 0, "activity.productViews", 0, "activity.cartAdds", 0);
    assertThat(reachable(onePageView, goneQuiet).isEmpty()).isTrue();
    Map<String, Object> browsedProducts =
        Map.of("activity.purchases", 0, "activity.productViews", 3, "activity.cartAdds", 0);
    assertThat(reachable(browsedProducts, goneQuiet).of(TimeAttribute.LAST_SEEN))
        .containsExactly(14.0);
    Map<String, Object> customer =
        Map.of("activity.purchases", 1, "activity.productViews", 3, "activity.cartAdds", 1);
    assertThat(reachable(customer, goneQuiet).isEmpty()).isTrue();
  }

  @Test
  void theFitOfAVisitorWithNoBirthYearWaitsForTheirNextEvent() {
    // Fit is scored on traits events set, and on age, which grows with the calendar only when a
    // birth year gives it (an age told stays as told): without one, the fit answers the newcomer
    // rule until the next event.
    String newcomers = rule("target-fit-newcomers");
    assertThat(reachable(Map.of("leadTypes.profileFit", "OFF_TARGET"), newcomers).isEmpty())
        .isTrue();
    assertThat(
            reachable(Map.of("leadTypes.profileFit", "OFF_TARGET", "traits.age", 24), newcomers)
                .isEmpty())
        .isTrue();
    assertThat(
            reachable(Map.of("leadTypes.profileFit", "TARGET", "traits.age", 30), newcomers)
                .of(TimeAttribute.FIRST_SEEN))
        .containsExactly(7.0);
    assertThat(
            reachable(
                    Map.of(
                        "leadTypes.profileFit", "OFF_TARGET",
                        "traits.age", 24,
                        "traits.birthYear", 2002),
                    newcomers)
                .of(TimeAttribute.FIRST_SEEN))
        .containsExactly(7.0);
    String adultsQuiet =
        "{\"all\":[{\"attr\":\"traits.age\",\"op\":\"gte\",\"value\":18},"
            + "{\"attr\":\"activity.daysSinceLastSeen\",\"op\":\"gt\",\"value\":30}]}";
    assertThat(reachable(Map.of("traits.age", 17), adultsQuiet).isEmpty()).isTrue();
  }
}
