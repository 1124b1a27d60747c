package io.leadpipe.scoring.segment;

import static io.leadpipe.scoring.testing.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.testing.TopologyFixture;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.leadpipe.scoring.topology.Stores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A definition change is applied to the profiles already there in bounded chunks, from a cursor
 * kept in a changelogged store: resumed after a restart, applied when the change came while the
 * task was down, and only visitors whose membership changes produce output.
 */
class ReevaluationTopologyTest {

  private static final int CHUNK = 10;
  private static final int VISITORS = 25;

  /** Visitors with i % 5 == 0 add to cart twice, i % 5 == 1 once, the others only look. */
  private static final int GROUPS = 5;

  private static final Duration CHECK = ScoringConfig.defaults().segmentCheckInterval();
  private static final Duration TICK = Duration.ofMillis(250);

  /**
   * Chunks bounded by count only: the time budget reads the real clock, and a cold JVM may spend
   * more than the default on the first profiles (ReevaluationPassTest covers the time bound).
   */
  private static final Duration NO_TIME_BOUND = Duration.ofMinutes(10);

  private static final ScoringConfig CONFIG =
      ScoringConfig.defaults()
          .withReevaluation(
              new ScoringConfig.Reevaluation(CHUNK, TICK, NO_TIME_BOUND, NO_TIME_BOUND));

  private static final String AT_LEAST_ONE = rule("gte", 1);
  private static final String AT_LEAST_TWO = rule("gte", 2);
  private static final String EXACTLY_ONE = rule("eq", 1);

  /** The partition of every task on a TopologyTestDriver: the cursor's key. */
  private static final int PARTITION = 0;

  private final List<TopologyFixture> fixtures = new ArrayList<>();

  private static String rule(String op, int cartAdds) {
    return "{\"attr\":\"activity.cartAdds\",\"op\":\"" + op + "\",\"value\":" + cartAdds + "}";
  }

  /** A new application, with its stores on disk when it is to be restarted. */
  private TopologyFixture start(boolean toBeRestarted) {
    return started(toBeRestarted ? TopologyFixture.onDisk(CONFIG) : new TopologyFixture(CONFIG));
  }

  /** {@code before} restarted on its stores as they were at its last commit. */
  private TopologyFixture restart(TopologyFixture before) {
    return started(TopologyFixture.restartOf(before, CONFIG));
  }

  private TopologyFixture started(TopologyFixture f) {
    fixtures.add(f);
    return f;
  }

  @AfterEach
  void closeAll() {
    for (TopologyFixture f : fixtures) {
      try {
        f.close();
      } catch (RuntimeException alreadyClosed) {
        // closed by the test to restart it
      }
    }
  }

  private static String visitor(int i) {
    return String.format("v%02d", i);
  }

  /** "carts" v1 (at least one cart add) applied, then 25 visitors evaluated live. */
  private TopologyFixture withVisitorsInCarts(boolean toBeRestarted) {
    return withVisitorsInCarts(start(toBeRestarted));
  }

  private static TopologyFixture withVisitorsInCarts(TopologyFixture f) {
    f.define("carts", 1, AT_LEAST_ONE);
    f.driver.advanceWallClockTime(CHECK);
    for (int i = 0; i < VISITORS; i++) {
      int cartAdds = i % GROUPS == 0 ? 2 : i % GROUPS == 1 ? 1 : 0;
      f.send(visitor(i), WebEventType.PAGE_VIEW, T0.plusSeconds(i));
      for (int c = 0; c < cartAdds; c++) {
        f.send(visitor(i), WebEventType.CART_ADD, T0.plusSeconds(i).plusMillis(c + 1));
      }
    }
    assertThat(f.segmentChanges.readValuesToList())
        .as("live: those with a cart add entered")
        .hasSize(VISITORS / GROUPS * 2);
    f.profiles.readValuesToList();
    return f;
  }

  /** "carts" becomes two cart adds or more; "one-cart" is new: those with one cart add move. */
  private static void changeDefinitions(TopologyFixture f) {
    f.define("carts", 2, AT_LEAST_TWO);
    f.define("one-cart", 1, EXACTLY_ONE);
  }

  private static List<String> changes(TopologyFixture f) {
    return f.segmentChanges.readValuesToList().stream()
        .map(
            c ->
                c.getVisitorId()
                    + " "
                    + c.getChange()
                    + " "
                    + c.getSegmentId()
                    + " "
                    + c.getCause())
        .toList();
  }

  private static List<String> profiles(TopologyFixture f) {
    return f.profiles.readKeyValuesToList().stream()
        .map(kv -> kv.key + " " + kv.value.getSegments())
        .toList();
  }

  private static List<String> moved(String... visitors) {
    List<String> expected = new ArrayList<>();
    for (String v : visitors) {
      expected.add(v + " ENTERED one-cart definition changed");
      expected.add(v + " EXITED carts definition changed");
    }
    return expected;
  }

  private static ReevaluationCursor cursor(TopologyFixture f) {
    KeyValueStore<Integer, ReevaluationCursor> store =
        f.driver.getKeyValueStore(Stores.SEGMENT_REEVALUATION_STORE);
    return store.get(PARTITION);
  }

  private static double remaining(TopologyFixture f) {
    return f.driver.metrics().entrySet().stream()
        .filter(
            e ->
                e.getKey().group().equals(SegmentMembership.METRIC_GROUP)
                    && e.getKey().name().equals(SegmentMembership.REMAINING_METRIC))
        .map(e -> (Metric) e.getValue())
        .mapToDouble(m -> (Double) m.metricValue())
        .sum();
  }

  private static final Map<String, Integer> NEW_VERSIONS = Map.of("carts", 2, "one-cart", 1);

  @Test
  void aDefinitionChangeIsAppliedInChunksAndOnlyChangedMembershipsProduceOutput() {
    TopologyFixture f = withVisitorsInCarts(false);
    assertThat(cursor(f).applied()).isEqualTo(Map.of("carts", 1));
    changeDefinitions(f);

    // The check finds the change and the first chunk runs: v00..v09.
    f.driver.advanceWallClockTime(CHECK);
    assertThat(changes(f)).containsExactlyElementsOf(moved("v01", "v06"));
    assertThat(profiles(f)).containsExactly("v01 [one-cart]", "v06 [one-cart]");
    assertThat(cursor(f).running()).isTrue();
    assertThat(cursor(f).target()).isEqualTo(NEW_VERSIONS);
    assertThat(cursor(f).lastKey()).isEqualTo("v09");
    assertThat(cursor(f).done()).isEqualTo(CHUNK);
    assertThat(remaining(f)).isEqualTo(cursor(f).remaining()).isPositive();

    f.driver.advanceWallClockTime(TICK);
    assertThat(changes(f)).containsExactlyElementsOf(moved("v11", "v16"));
    assertThat(profiles(f)).containsExactly("v11 [one-cart]", "v16 [one-cart]");
    assertThat(cursor(f).done()).isEqualTo(2 * CHUNK);

    f.driver.advanceWallClockTime(TICK);
    assertThat(changes(f)).containsExactlyElementsOf(moved("v21"));
    assertThat(profiles(f)).containsExactly("v21 [one-cart]");
    assertThat(cursor(f))
        .isEqualTo(new ReevaluationCursor(NEW_VERSIONS, null, null, null, VISITORS, VISITORS, 5));
    assertThat(remaining(f)).isZero();

    // Those with two cart adds stay in "carts", the others in nothing: no output for them, ever.
    f.driver.advanceWallClockTime(CHECK.multipliedBy(3));
    assertThat(f.segmentChanges.isEmpty()).isTrue();
    assertThat(f.profiles.isEmpty()).isTrue();
    assertThat(f.latest("v00").getSegments()).containsExactly("carts");
    assertThat(f.latest("v01").getSegments()).containsExactly("one-cart");
    assertThat(f.latest("v02").getSegments()).isEmpty();
  }

  @Test
  void theThreadsShareOfAnIntervalBoundsEachChunk() {
    // A thread's share spent by the first profile of each interval: one profile per tick.
    Duration spentByOneProfile = Duration.ofNanos(1);
    TopologyFixture f =
        withVisitorsInCarts(
            started(
                new TopologyFixture(
                    ScoringConfig.defaults()
                        .withReevaluation(
                            new ScoringConfig.Reevaluation(
                                CHUNK, TICK, NO_TIME_BOUND, spentByOneProfile)))));
    changeDefinitions(f);

    f.driver.advanceWallClockTime(CHECK);
    assertThat(cursor(f).done()).isEqualTo(1);
    f.driver.advanceWallClockTime(TICK);
    assertThat(cursor(f).done()).isEqualTo(2);
    assertThat(cursor(f).lastKey()).isEqualTo("v01");
    assertThat(changes(f)).containsExactlyElementsOf(moved("v01"));
  }

  @Test
  void liveEventsKeepFlowingDuringAPassAndAreNotUndone() {
    TopologyFixture f = withVisitorsInCarts(false);
    changeDefinitions(f);
    f.driver.advanceWallClockTime(CHECK);
    changes(f);
    profiles(f);

    // v13 (no cart add yet) adds one between two chunks: evaluated at once under the new rules.
    var cartAdd = f.send("v13", WebEventType.CART_ADD, T0.plusSeconds(60));
    assertThat(changes(f)).containsExactly("v13 ENTERED one-cart " + cartAdd.getMessageId());
    assertThat(profiles(f)).containsExactly("v13 [one-cart]");

    // The chunk that walks v13 finds its membership already right: nothing for v13 again.
    f.driver.advanceWallClockTime(TICK);
    assertThat(changes(f)).containsExactlyElementsOf(moved("v11", "v16"));
    assertThat(f.latest("v13").getSegments()).containsExactly("one-cart");
  }

  @Test
  void aPassCutShortResumesFromItsCursorWithoutRepeatingAChange() {
    TopologyFixture first = withVisitorsInCarts(true);
    changeDefinitions(first);
    first.driver.advanceWallClockTime(CHECK);
    List<String> before = changes(first);
    assertThat(before).containsExactlyElementsOf(moved("v01", "v06"));
    assertThat(cursor(first).lastKey()).isEqualTo("v09");
    TopologyFixture second = restart(first);
    assertThat(cursor(second).lastKey()).as("the cursor survived the restart").isEqualTo("v09");
    second.driver.advanceWallClockTime(TICK);
    second.driver.advanceWallClockTime(TICK);

    assertThat(changes(second)).containsExactlyElementsOf(moved("v11", "v16", "v21"));
    assertThat(profiles(second))
        .containsExactly("v11 [one-cart]", "v16 [one-cart]", "v21 [one-cart]");
    assertThat(cursor(second).running()).isFalse();
    assertThat(cursor(second).applied()).isEqualTo(NEW_VERSIONS);
    assertThat(cursor(second).done()).isEqualTo(VISITORS);
  }

  @Test
  void aDefinitionChangedWhileTheTaskWasDownIsAppliedAtStart() {
    TopologyFixture first = withVisitorsInCarts(true);
    // The change reaches the global store, but the task stops before it ever checks.
    changeDefinitions(first);
    TopologyFixture second = restart(first);
    assertThat(remaining(second)).as("the pass started at start").isPositive();
    second.driver.advanceWallClockTime(TICK);
    second.driver.advanceWallClockTime(TICK);
    second.driver.advanceWallClockTime(TICK);

    assertThat(changes(second)).containsExactlyElementsOf(moved("v01", "v06", "v11", "v16", "v21"));
    assertThat(cursor(second).applied()).isEqualTo(NEW_VERSIONS);
  }
}
