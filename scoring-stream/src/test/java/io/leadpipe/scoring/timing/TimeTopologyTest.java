package io.leadpipe.scoring.timing;

import static io.leadpipe.scoring.testing.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadpipe.schemas.profile.LifecycleStage;
import io.leadpipe.schemas.profile.PurchaseFrequency;
import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.segment.TimeAttribute;
import io.leadpipe.scoring.testing.TopologyFixture;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.leadpipe.scoring.topology.Stores;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Memberships and stages that change with time alone, through the production topology: no input
 * arrives after the set-up, only the wall clock moves (the driver's clock starts at the events'
 * time, T0). Each transition must come on time: after its moment, within one timer check interval
 * and one publish interval.
 */
class TimeTopologyTest {

  private static final ScoringConfig CONFIG = ScoringConfig.defaults();
  private static final Duration CHECK = CONFIG.timing().checkInterval();
  private static final Duration ON_TIME = CHECK.plus(CONFIG.publishInterval());
  private static final Duration STEP = Duration.ofSeconds(1);
  private static final String ACTIVE_THIS_WEEK =
      "{\"attr\":\"activity.daysSinceLastSeen\",\"op\":\"lte\",\"value\":7}";
  private static final String WIN_BACK = "{\"attr\":\"stage\",\"op\":\"eq\",\"value\":\"LAPSED\"}";

  private TopologyFixture f = new TopologyFixture();
  private Instant clock = T0;
  private final List<SegmentChange> seen = new ArrayList<>();

  @AfterEach
  void stop() {
    f.close();
  }

  /** The wall clock jumps to {@code at} (one timer check, then one publish). */
  private void clockJumpsTo(Instant at) {
    f.driver.advanceWallClockTime(Duration.between(clock, at));
    clock = at;
    f.driver.advanceWallClockTime(CONFIG.publishInterval());
    clock = clock.plus(CONFIG.publishInterval());
    drainChanges();
  }

  /**
   * The clock ticks on in one-second steps from just before {@code moment} until a change of {@code
   * visitor} in {@code segment} is published; the moment the change came.
   */
  private Instant firstChangeAround(Instant moment, String visitor, String segment) {
    clockJumpsTo(moment.minus(STEP));
    assertThat(changes(visitor, segment)).as("nothing changes before the moment").isEmpty();
    Instant limit = moment.plus(ON_TIME).plus(STEP);
    while (clock.isBefore(limit)) {
      f.driver.advanceWallClockTime(STEP);
      clock = clock.plus(STEP);
      drainChanges();
      if (!changes(visitor, segment).isEmpty()) {
        return clock;
      }
    }
    throw new AssertionError(segment + " did not change for " + visitor + " by " + limit);
  }

  /** The visitor's one change in the segment is its exit, published on time after the moment. */
  private void exitsOnTime(String visitor, String segment, Instant moment) {
    Instant came = firstChangeAround(moment, visitor, segment);
    assertThat(came).isAfter(moment).isBefore(moment.plus(ON_TIME).plus(STEP));
    assertThat(changes(visitor, segment)).containsExactly("EXITED time threshold crossed");
  }

  /**
   * A few seconds of ticks: the segment processor notices the definitions and has re-evaluated the
   * (few) profiles, as it has long done in production before anyone's threshold comes.
   */
  private void definitionsSettle() {
    Duration tick = CONFIG.reevaluation().interval();
    for (int i = 0; i < 15; i++) {
      f.driver.advanceWallClockTime(tick);
      clock = clock.plus(tick);
    }
    drainChanges();
  }

  private void drainChanges() {
    seen.addAll(f.segmentChanges.readValuesToList());
  }

  private List<String> changes(String visitor, String segment) {
    return seen.stream()
        .filter(c -> c.getVisitorId().equals(visitor) && c.getSegmentId().equals(segment))
        .map(c -> c.getChange() + " " + c.getCause())
        .toList();
  }

  private Long due(String visitor) {
    KeyValueStore<String, Long> dues = f.driver.getKeyValueStore(Stores.TIME_DUE_STORE);
    return dues.get(visitor);
  }

  /** Two purchases ten days apart: expected interval 10 days, at risk after 10, lapsed after 20. */
  private Instant customerBuysTwice(String visitor) {
    f.purchase(visitor, 80, T0);
    Instant last = T0.plus(Duration.ofDays(10));
    f.purchase(visitor, 60, last);
    drainChanges();
    return last;
  }

  @Test
  void aQuietCustomerTurnsAtRiskThenLapsedAndEntersWinBackOnTime() {
    f.define("win-back", WIN_BACK);
    Instant last = customerBuysTwice("buyer");
    definitionsSettle();
    assertThat(f.latest("buyer").getStage()).isEqualTo(LifecycleStage.REPEAT_CUSTOMER);
    assertThat(f.latest("buyer").getLeadTypes().getPurchaseFrequency())
        .isEqualTo(PurchaseFrequency.FREQUENT);
    // Defaults: lapsed after 2 x the 10-day interval, at risk after half of that.
    Instant atRisk = last.plus(Duration.ofDays(10));
    Instant lapsed = last.plus(Duration.ofDays(20));

    clockJumpsTo(atRisk.minus(STEP));
    assertThat(f.latest("buyer").getStage()).isEqualTo(LifecycleStage.REPEAT_CUSTOMER);
    clockJumpsTo(atRisk.plus(ON_TIME));
    assertThat(f.latest("buyer").getStage()).isEqualTo(LifecycleStage.AT_RISK);
    assertThat(f.latest("buyer").getEvaluatedAt()).isAfter(atRisk);

    Instant came = firstChangeAround(lapsed, "buyer", "win-back");
    assertThat(came).isAfter(lapsed).isBefore(lapsed.plus(ON_TIME).plus(STEP));
    assertThat(changes("buyer", "win-back")).containsExactly("ENTERED time threshold crossed");
    var profile = f.latest("buyer");
    assertThat(profile.getStage()).isEqualTo(LifecycleStage.LAPSED);
    assertThat(profile.getSegments()).containsExactly("win-back");
    // Lapsed by their own rhythm; still within the frequent buyers' 30 days.
    assertThat(profile.getLeadTypes().getPurchaseFrequency()).isEqualTo(PurchaseFrequency.FREQUENT);
    // The change is dated when it was evaluated, not at the last event.
    assertThat(seen.get(seen.size() - 1).getAt()).isAfter(lapsed);
    assertThat(profile.getRevision()).as("no input was applied").isEqualTo(2);

    // Silent past 30 days, then past 90: the purchase frequency moves down, on time too.
    clockJumpsTo(last.plus(Duration.ofDays(30)).plus(ON_TIME));
    assertThat(f.latest("buyer").getLeadTypes().getPurchaseFrequency())
        .isEqualTo(PurchaseFrequency.REGULAR);
    clockJumpsTo(last.plus(Duration.ofDays(90)).plus(ON_TIME));
    assertThat(f.latest("buyer").getLeadTypes().getPurchaseFrequency())
        .isEqualTo(PurchaseFrequency.OCCASIONAL);
    assertThat(changes("buyer", "win-back")).hasSize(1);
  }

  @Test
  void aProspectLeavesActiveThisWeekOnTimeWithNoEvent() {
    f.define("active-this-week", ACTIVE_THIS_WEEK);
    f.productView("quiet", "shoes", T0);
    definitionsSettle();
    assertThat(changes("quiet", "active-this-week")).hasSize(1);
    seen.clear();
    Instant moment = T0.plus(Duration.ofDays(7));
    assertThat(due("quiet")).isEqualTo(moment.toEpochMilli() + 1);

    exitsOnTime("quiet", "active-this-week", moment);

    assertThat(f.latest("quiet").getSegments()).isEmpty();
    // Nothing else will change for them: no timer left.
    assertThat(due("quiet")).isNull();
  }

  @Test
  void aVisitorSeenAgainKeepsTheEarlierTimerWhichMovesOnWithoutAPublish() {
    f.define("active-this-week", ACTIVE_THIS_WEEK);
    f.productView("back", "shoes", T0);
    definitionsSettle();
    long weekAfterFirst = T0.plus(Duration.ofDays(7)).toEpochMilli() + 1;
    assertThat(due("back")).isEqualTo(weekAfterFirst);
    var timerWrites = f.changelog(Stores.TIME_DUE_STORE);
    timerWrites.readRecordsToList();

    // Seen again on day 3: active this week until day 10, and the publish writes no timer.
    f.productView("back", "bags", T0.plus(Duration.ofDays(3)));
    assertThat(timerWrites.readRecordsToList()).isEmpty();
    assertThat(due("back")).isEqualTo(weekAfterFirst);
    f.profiles.readRecordsToList();
    seen.clear();

    // Day 8: the timer finds the visitor still active and moves to day 10, publishing nothing.
    clockJumpsTo(T0.plus(Duration.ofDays(8)));
    assertThat(f.profiles.readRecordsToList()).isEmpty();
    assertThat(changes("back", "active-this-week")).isEmpty();
    Instant moment = T0.plus(Duration.ofDays(10));
    assertThat(due("back")).isEqualTo(moment.toEpochMilli() + 1);

    exitsOnTime("back", "active-this-week", moment);
    assertThat(due("back")).isNull();
  }

  @Test
  void anEngagedProspectLeavesOnTimeAsTheirEngagementDecaysWithNoEvent() {
    // One product view: 3 points, half-life 7 days; shown below 2.5 once the unrounded score is
    // below 2.45.
    f.define("warm", 1, "{\"attr\":\"engagement.score\",\"op\":\"gte\",\"value\":2.5}");
    f.productView("warm", "shoes", T0);

    exitsOnTimeAsEngagementFades("warm", "warm", 3, 7, 2.45);

    assertThat(f.latest("warm").getEngagement().getValue()).isLessThan(2.5);
  }

  @Test
  void anEngagedProspectTurnsVisitorOnTimeAsTheirEngagementFades() {
    f.define("engaged", "{\"attr\":\"stage\",\"op\":\"eq\",\"value\":\"ENGAGED_PROSPECT\"}");
    // 10 + 15 points, both with a half-life of 14 days: engaged while shown 20 or more. The rule
    // compares no time attribute: the stage alone needs the timer.
    f.send("fading", WebEventType.CART_ADD, T0);
    f.send("fading", WebEventType.CHECKOUT_STARTED, T0);

    exitsOnTimeAsEngagementFades("fading", "engaged", 25, 14, 19.95);

    assertThat(f.latest("fading").getStage()).isEqualTo(LifecycleStage.VISITOR);
    assertThat(due("fading")).as("a visitor's score never comes back by itself").isNull();
  }

  /**
   * The visitor, who entered the segment with {@code points} as of T0 all fading with one
   * half-life, has their timer at the moment the unrounded score falls below {@code level}, and
   * exits then, on time.
   */
  private void exitsOnTimeAsEngagementFades(
      String visitor, String segment, double points, double halfLifeDays, double level) {
    definitionsSettle();
    assertThat(f.latest(visitor).getEngagement().getValue()).isEqualTo(points);
    assertThat(changes(visitor, segment)).singleElement().asString().startsWith("ENTERED");
    seen.clear();
    double days = halfLifeDays * Math.log(points / level) / Math.log(2);
    Instant moment = T0.plusMillis(Math.round(days * TimeAttribute.DAY_MS));
    assertThat(due(visitor)).isCloseTo(moment.toEpochMilli(), within(3L));

    exitsOnTime(visitor, segment, moment);
  }

  @Test
  void aTimerSurvivesARestartWithNoDuplicateAndNoMissedTransition() {
    f.close();
    f = TopologyFixture.onDisk(CONFIG);
    f.define("active-this-week", ACTIVE_THIS_WEEK);
    f.define("win-back", WIN_BACK);
    f.productView("quiet", "shoes", T0);
    Instant last = customerBuysTwice("buyer");
    definitionsSettle();
    seen.clear();
    clockJumpsTo(T0.plus(Duration.ofDays(3)));

    f = TopologyFixture.restartOf(f, CONFIG, clock);
    Instant moment = T0.plus(Duration.ofDays(7));
    firstChangeAround(moment, "quiet", "active-this-week");
    assertThat(changes("quiet", "active-this-week"))
        .containsExactly("EXITED time threshold crossed");

    // Restarted again after the transition: it is not published a second time.
    f = TopologyFixture.restartOf(f, CONFIG, clock);
    firstChangeAround(last.plus(Duration.ofDays(20)), "buyer", "win-back");
    clockJumpsTo(clock.plus(Duration.ofDays(30)));
    assertThat(changes("quiet", "active-this-week"))
        .containsExactly("EXITED time threshold crossed");
    assertThat(changes("buyer", "win-back")).containsExactly("ENTERED time threshold crossed");
    assertThat(changes("buyer", "active-this-week"))
        .containsExactly("EXITED time threshold crossed");
  }

  @Test
  void aRuleChangeMovesTheTimers() {
    f.define("active-this-week", ACTIVE_THIS_WEEK);
    f.productView("quiet", "shoes", T0);
    definitionsSettle();
    seen.clear();
    assertThat(due("quiet")).isEqualTo(T0.plus(Duration.ofDays(7)).toEpochMilli() + 1);

    // "This week" becomes "the last two days": the re-evaluation re-arms the timer earlier.
    f.define(
        "active-this-week",
        2,
        "{\"attr\":\"activity.daysSinceLastSeen\",\"op\":\"lte\",\"value\":2}");
    definitionsSettle();
    Instant moment = T0.plus(Duration.ofDays(2));
    assertThat(due("quiet")).isEqualTo(moment.toEpochMilli() + 1);
    assertThat(changes("quiet", "active-this-week")).isEmpty();

    Instant came = firstChangeAround(moment, "quiet", "active-this-week");
    assertThat(came).isBefore(moment.plus(ON_TIME).plus(STEP));
    assertThat(changes("quiet", "active-this-week"))
        .containsExactly("EXITED time threshold crossed");
  }

  @Test
  void onlyAVisitorWhoMeetsTheRulesOtherConditionsHasATimerForItsThreshold() {
    f.define(
        "quiet-in-nz",
        "{\"all\":[{\"attr\":\"traits.country\",\"op\":\"eq\",\"value\":\"NZ\"},"
            + "{\"attr\":\"activity.daysSinceLastSeen\",\"op\":\"gt\",\"value\":1}]}");
    f.identify("here", TopologyFixture.traits().setCountry("NZ").build(), T0);
    f.identify("elsewhere", TopologyFixture.traits().setCountry("DE").build(), T0);
    definitionsSettle();
    assertThat(due("here")).isEqualTo(dayAfterLastSeen("here"));
    assertThat(due("elsewhere")).as("no day can put them in the segment").isNull();
    var timerWrites = f.changelog(Stores.TIME_DUE_STORE);
    timerWrites.readRecordsToList();

    // Seen again, still elsewhere: nothing to time.
    f.productView("elsewhere", "shoes", T0.plus(Duration.ofHours(1)));
    assertThat(timerWrites.readRecordsToList()).isEmpty();

    // Moved to New Zealand: their day starts to count.
    Instant moved = T0.plus(Duration.ofHours(2));
    f.identify("elsewhere", TopologyFixture.traits().setCountry("NZ").build(), moved);
    assertThat(due("elsewhere")).isEqualTo(dayAfterLastSeen("elsewhere"));

    Instant moment = f.latest("elsewhere").getLastSeen().plus(Duration.ofDays(1));
    Instant came = firstChangeAround(moment, "elsewhere", "quiet-in-nz");
    assertThat(came).isAfter(moment).isBefore(moment.plus(ON_TIME).plus(STEP));
    assertThat(changes("elsewhere", "quiet-in-nz"))
        .containsExactly("ENTERED time threshold crossed");
    assertThat(changes("here", "quiet-in-nz")).containsExactly("ENTERED time threshold crossed");
  }

  @Test
  void anAgeToldStaysAsToldWhereABirthYearGrowsWithTheCalendar() {
    f.define(
        "quiet-adults",
        "{\"all\":[{\"attr\":\"traits.age\",\"op\":\"gte\",\"value\":18},"
            + "{\"attr\":\"activity.daysSinceLastSeen\",\"op\":\"gt\",\"value\":1}]}");
    int seventeenYearsAgo = T0.atZone(ZoneOffset.UTC).getYear() - 17;
    f.identify("told", TopologyFixture.traits().setAge(17).build(), T0);
    f.identify("born", TopologyFixture.traits().setBirthYear(seventeenYearsAgo).build(), T0);
    definitionsSettle();
    assertThat(f.latest("born").getTraits().getAge()).isEqualTo(17);
    assertThat(due("told")).as("17 until they tell us otherwise").isNull();
    assertThat(due("born")).as("may turn 18 before the day is up").isNotNull();
  }

  /** One day and one ms after the visitor's latest activity: when "quiet over a day" holds. */
  private long dayAfterLastSeen(String visitor) {
    return f.latest(visitor).getLastSeen().plus(Duration.ofDays(1)).toEpochMilli() + 1;
  }

  @Test
  void aPersonOfTwoLinkedIdsLapsesOnTheMergedRhythmUnderTheCanonicalId() {
    f.define("win-back", WIN_BACK);
    // Bought anonymously, then signed in and bought again ten days later: as a person, a 10-day
    // rhythm (lapsed after 20 days), while the signed-in id alone has bought once (a year).
    f.purchase("anon-p", 80, T0);
    f.identify(
        "anon-p",
        "user-p",
        TopologyFixture.traits().setFirstName("Ann").build(),
        T0.plusSeconds(60));
    Instant last = T0.plus(Duration.ofDays(10));
    f.send(
        f.webEvent("anon-p", WebEventType.PURCHASE, last)
            .setUserId("user-p")
            .setOrder(OrderInfo.newBuilder().setOrderId("o-2").setRevenue(60.0).build())
            .build());
    definitionsSettle();
    assertThat(f.latest("user-p").getActivity().getPurchases()).isEqualTo(2);
    assertThat(due("anon-p")).as("a linked id has no timer of its own").isNull();

    Instant lapsed = last.plus(Duration.ofDays(20)).plusMillis(1);
    firstChangeAround(lapsed, "user-p", "win-back");

    assertThat(changes("user-p", "win-back")).containsExactly("ENTERED time threshold crossed");
    assertThat(f.latest("user-p").getStage()).isEqualTo(LifecycleStage.LAPSED);
    assertThat(changes("anon-p", "win-back")).isEmpty();
  }
}
