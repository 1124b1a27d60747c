package io.leadpipe.scoring.retention;

import static io.leadpipe.scoring.testing.TopologyFixture.T0;
import static io.leadpipe.scoring.testing.TopologyFixture.traits;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.testing.TopologyFixture;
import io.leadpipe.scoring.topology.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Anonymous visitors inactive longer than the retention (default 180 days) are removed through the
 * production topology, in stream time: state, published profile and memberships, with a tombstone
 * and EXITED changes naming the cause.
 */
class RetentionTopologyTest {

  private static final Duration RETENTION = RetentionPolicy.DEFAULT_ANONYMOUS_INACTIVITY;
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final String BROWSERS =
      "{\"attr\":\"activity.pageViews\",\"op\":\"gte\",\"value\":1}";

  private final TopologyFixture f = new TopologyFixture();

  @AfterEach
  void stop() {
    f.close();
  }

  /** Stream time moves with anyone's events: a page view of another visitor is the clock. */
  private void streamTimeReaches(Instant at) {
    f.send("clock-" + at.toEpochMilli(), WebEventType.PAGE_VIEW, at);
  }

  private ProfileState state(String visitor) {
    KeyValueStore<String, ProfileState> states =
        f.driver.getKeyValueStore(Stores.PROFILE_STATE_STORE);
    return states.get(visitor);
  }

  private Long due(String visitor) {
    KeyValueStore<String, Long> dues = f.driver.getKeyValueStore(Stores.RETENTION_DUE_STORE);
    return dues.get(visitor);
  }

  private List<TestRecord<String, ProspectProfile>> published(String visitor) {
    return f.profiles.readRecordsToList().stream().filter(r -> r.key().equals(visitor)).toList();
  }

  private List<String> changes(String visitor) {
    return f.segmentChanges.readValuesToList().stream()
        .filter(c -> c.getVisitorId().equals(visitor))
        .map(c -> c.getSegmentId() + " " + c.getChange() + " " + c.getCause())
        .toList();
  }

  private double removed() {
    return f.driver.metrics().entrySet().stream()
        .filter(
            e ->
                e.getKey().name().equals(RemoveInactiveVisitors.METRIC + "-total")
                    && e.getKey()
                        .group()
                        .equals("stream-" + RemoveInactiveVisitors.METRIC_SCOPE + "-metrics"))
        .mapToDouble(e -> ((Number) ((Metric) e.getValue()).metricValue()).doubleValue())
        .sum();
  }

  @Test
  void anAnonymousVisitorInactiveLongerThanTheRetentionIsRemovedWithATombstoneAndExited() {
    f.define("browsers", BROWSERS);
    var view = f.send("anon-1", WebEventType.PAGE_VIEW, T0);
    assertThat(changes("anon-1")).containsExactly("browsers ENTERED " + view.getMessageId());

    streamTimeReaches(T0.plus(RETENTION).minus(MINUTE));
    assertThat(state("anon-1")).isNotNull();
    assertThat(published("anon-1")).hasSize(1);

    streamTimeReaches(T0.plus(RETENTION).plus(MINUTE));
    assertThat(state("anon-1")).isNull();
    assertThat(f.driver.getKeyValueStore(Stores.PROFILE_STORE).get("anon-1")).isNull();
    assertThat(f.driver.getKeyValueStore(Stores.TALLY_VISITOR_STORE).get("anon-1")).isNull();
    assertThat(published("anon-1")).singleElement().satisfies(r -> assertThat(r.value()).isNull());
    assertThat(changes("anon-1")).containsExactly("browsers EXITED retention");
    assertThat(removed()).isEqualTo(1.0);
    // Nothing is left for them: no timer either.
    assertThat(due("anon-1")).isNull();
    try (var all =
        f.driver.<String, String>getKeyValueStore(Stores.RETENTION_SCHEDULE_STORE).all()) {
      all.forEachRemaining(kv -> assertThat(kv.value).isNotEqualTo("anon-1"));
    }
  }

  @Test
  void aKnownUserIsKeptHoweverLongInactive() {
    f.define("browsers", BROWSERS);
    f.send(f.webEvent("anon-2", WebEventType.PAGE_VIEW, T0).setUserId("user-1").build());
    f.profiles.readRecordsToList();
    f.segmentChanges.readValuesToList();

    streamTimeReaches(T0.plus(RETENTION.multipliedBy(2)));

    assertThat(state("user-1")).isNotNull();
    assertThat(f.latest("user-1").getActivity().getPageViews()).isEqualTo(1);
    assertThat(published("user-1")).isEmpty();
    assertThat(changes("user-1")).isEmpty();
    assertThat(due("user-1")).isNull();
    assertThat(removed()).isEqualTo(0.0);
  }

  @Test
  void aVisitorWhoComesBackBeforeTheDeadlineIsKeptAndRemovedARetentionAfterTheirReturn() {
    f.send("anon-1", WebEventType.PAGE_VIEW, T0);
    Instant back = T0.plus(Duration.ofDays(100));
    f.send("anon-1", WebEventType.PAGE_VIEW, back);

    streamTimeReaches(T0.plus(RETENTION).plus(MINUTE));
    assertThat(state("anon-1")).isNotNull();
    assertThat(f.latest("anon-1").getActivity().getPageViews()).isEqualTo(2);
    assertThat(due("anon-1")).isEqualTo(back.plus(RETENTION).toEpochMilli());
    assertThat(published("anon-1")).extracting(TestRecord::value).doesNotContainNull();

    streamTimeReaches(back.plus(RETENTION).plus(MINUTE));
    assertThat(state("anon-1")).isNull();
    assertThat(published("anon-1")).singleElement().satisfies(r -> assertThat(r.value()).isNull());
  }

  @Test
  void anAnonymousVisitorLinkedToAPersonIsKept() {
    f.productView("anon-1", "shoes", T0);
    f.identify("anon-1", "user-1", traits().setFirstName("Anna").build(), T0.plus(MINUTE));

    streamTimeReaches(T0.plus(RETENTION.multipliedBy(2)));

    assertThat(state("anon-1")).isNotNull();
    assertThat(f.latest("user-1").getActivity().getProductViews()).isEqualTo(1);
    assertThat(removed()).isEqualTo(0.0);
  }
}
