package io.leadpipe.scoring.topology;

import static io.leadpipe.scoring.testing.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.query.ProspectSort;
import io.leadpipe.scoring.testing.TopologyFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a visitor's publish writes to the stores' changelogs: at a steady rate a publish slot holds
 * one or two visitors per task, so each record written per publish is a record per event (the
 * benchmark's "scoring-stream wrote per event ingested"). Pins down which stores a publish writes
 * and which counters it moves, so a store or counter that only repeats another does not come back.
 */
class WritesPerPublishTest {

  private static final String EVERY_VISITOR =
      "{\"attr\":\"activity.pageViews\",\"op\":\"gte\",\"value\":1}";

  private static final String CHANGELOG = "-changelog";

  private final TopologyFixture f = new TopologyFixture();

  @AfterEach
  void close() {
    f.close();
  }

  /** Store → the keys its changelog received since the last call. */
  private Map<String, List<String>> written() {
    Map<String, List<String>> keys = new TreeMap<>();
    for (String topic : f.driver.producedTopicNames()) {
      if (!topic.endsWith(CHANGELOG)) {
        continue;
      }
      String store =
          topic.substring(
              TopologyFixture.APPLICATION_ID.length() + 1, topic.length() - CHANGELOG.length());
      List<String> got = new ArrayList<>();
      for (TestRecord<String, byte[]> r : f.changelog(store).readRecordsToList()) {
        got.add(r.key());
      }
      if (!got.isEmpty()) {
        keys.put(store, got);
      }
    }
    return keys;
  }

  @Test
  void aNewVisitorsPublishWritesOneRecordPerStoreKeptPerVisitorAndOneCounterPerSegment() {
    f.define("browsers", EVERY_VISITOR);
    f.define("everyone", EVERY_VISITOR);
    // The definitions' re-evaluation pass (over no profile) done and its cursor written.
    f.driver.advanceWallClockTime(Duration.ofSeconds(5));
    written();

    f.send("v1", WebEventType.PAGE_VIEW, T0);
    Map<String, List<String>> first = written();

    // One record per store that keeps something per visitor (the pending set: its put and its
    // tombstone; the index: one entry per sort); the membership is the segments in the visitor's
    // tally record, not a store of its own.
    assertThat(first.keySet())
        .containsExactlyInAnyOrder(
            Stores.PROFILE_STATE_STORE,
            Stores.PENDING_PROFILE_STORE,
            Stores.PROFILE_STORE,
            Stores.TALLY_VISITOR_STORE,
            Stores.TALLY_STORE,
            Stores.PROSPECT_INDEX_STORE,
            Stores.PREVIEW_SAMPLE_STORE,
            Stores.FORECAST_STORE,
            Stores.PROPENSITY_SNAPSHOT_STORE,
            Stores.PROPENSITY_SCHEDULE_STORE,
            Stores.RETENTION_SCHEDULE_STORE,
            Stores.RETENTION_DUE_STORE);
    assertThat(first)
        .containsEntry(Stores.PROFILE_STORE, List.of("v1"))
        .containsEntry(Stores.TALLY_VISITOR_STORE, List.of("v1"))
        .containsEntry(Stores.PENDING_PROFILE_STORE, List.of("v1", "v1"));
    assertThat(first.get(Stores.PROSPECT_INDEX_STORE)).hasSize(ProspectSort.values().length);
    // One facets counter and one per segment: the funnel, the sizes and the audience's prospects
    // are their sums, not counters of their own.
    assertThat(first.get(Stores.TALLY_STORE))
        .hasSize(1 + 2)
        .allMatch(k -> k.startsWith("facets|") || k.startsWith("segment-facets|"));

    // The same visitor again, nothing counted differently: the profile alone is rewritten.
    f.send("v1", WebEventType.PAGE_VIEW, T0.plusSeconds(1));
    Map<String, List<String>> again = written();
    assertThat(again)
        .doesNotContainKey(Stores.TALLY_STORE)
        .containsEntry(Stores.PROFILE_STORE, List.of("v1"));
  }
}
