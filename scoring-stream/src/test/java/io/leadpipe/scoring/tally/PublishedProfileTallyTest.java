package io.leadpipe.scoring.tally;

import static io.leadpipe.scoring.testing.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.forecast.ForecastSums;
import io.leadpipe.scoring.query.PreviewSample;
import io.leadpipe.scoring.query.ProspectFacets;
import io.leadpipe.scoring.query.ProspectFilter;
import io.leadpipe.scoring.query.ProspectSort;
import io.leadpipe.scoring.query.SegmentSizes;
import io.leadpipe.scoring.query.TallyCounts;
import io.leadpipe.scoring.testing.TopologyFixture;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.leadpipe.scoring.topology.Stores;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One record per visitor for every tally kept from the published profiles, and the start of a task
 * that has none: the tallies are rebuilt from the published profiles, each visitor counted once.
 */
class PublishedProfileTallyTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final List<String> TALLIES =
      List.of(
          Stores.TALLY_STORE,
          Stores.PROSPECT_INDEX_STORE,
          Stores.PREVIEW_SAMPLE_STORE,
          Stores.FORECAST_STORE);

  private TopologyFixture f = TopologyFixture.onDisk(ScoringConfig.defaults());

  @AfterEach
  void close() {
    f.close();
  }

  private Map<String, Object> contents(String store) {
    Map<String, Object> all = new TreeMap<>();
    KeyValueStore<String, Object> kv = f.driver.getKeyValueStore(store);
    try (KeyValueIterator<String, Object> it = kv.all()) {
      it.forEachRemaining(e -> all.put(e.key, e.value));
    }
    return all;
  }

  private Map<String, Map<String, Object>> tallies() {
    Map<String, Map<String, Object>> all = new TreeMap<>();
    TALLIES.forEach(store -> all.put(store, contents(store)));
    return all;
  }

  /**
   * Rewrites the shoppers' records with what {@code earlier} makes of each one's query tally, then
   * lets the driver commit (which flushes what was written to the stores when its clock moves).
   */
  private void asEarlierVersionWrote(
      BiFunction<String, QueryTallies.Counted, QueryTallies.Counted> earlier) {
    KeyValueStore<String, VisitorTally> records =
        f.driver.getKeyValueStore(Stores.TALLY_VISITOR_STORE);
    for (String visitor : List.of("a", "b", "c")) {
      VisitorTally now = records.get(visitor);
      records.put(visitor, new VisitorTally(earlier.apply(visitor, now.query()), now.forecast()));
    }
    f.publish();
  }

  /** As {@link #asEarlierVersionWrote}, for a version whose records named other counters. */
  private void asEarlierVersionCounted(Function<List<String>, Stream<String>> counters) {
    asEarlierVersionWrote(
        (visitor, query) ->
            new QueryTallies.Counted(
                counters.apply(query.tallies()).toList(), query.scores(), query.facets()));
  }

  private void shoppers() {
    f.define("browsers", "{\"attr\":\"activity.pageViews\",\"op\":\"gte\",\"value\":2}");
    f.send("a", WebEventType.PAGE_VIEW, T0);
    f.send("a", WebEventType.PAGE_VIEW, T0.plus(MINUTE));
    f.productView("b", "shoes", T0);
    f.purchase("c", 80, T0);
  }

  @Test
  void oneRecordPerVisitorHoldsWhatEveryTallyCountsItUnder() {
    shoppers();

    KeyValueStore<String, VisitorTally> records =
        f.driver.getKeyValueStore(Stores.TALLY_VISITOR_STORE);
    VisitorTally a = records.get("a");
    assertThat(a.query().tallies())
        .anyMatch(k -> k.startsWith("facets|VISITOR|"))
        .anyMatch(k -> k.startsWith("segment-facets|VISITOR|") && k.endsWith("|browsers"));
    assertThat(a.forecast().groups()).containsExactly("all", "segment|browsers");
    assertThat(records.get("b").forecast().groups()).containsExactly("all");
    assertThat(contents(Stores.PREVIEW_SAMPLE_STORE))
        .containsOnlyKeys(PreviewSample.key("a"), PreviewSample.key("b"), PreviewSample.key("c"));
    ForecastSums all = (ForecastSums) contents(Stores.FORECAST_STORE).get("all");
    assertThat(all.visitors()).isEqualTo(3);
    assertThat(all.buyerOrders()).isEqualTo(1);
  }

  /**
   * The first start of a version that reshapes the visitor records finds tallies counted by the
   * earlier one and no record of what each visitor was counted under: it clears them (a stale
   * counter too) and counts the published profiles once, instead of counting every visitor twice.
   */
  @Test
  void aTaskStartedWithoutVisitorRecordsRebuildsTheTalliesCountingEachVisitorOnce() {
    shoppers();
    Map<String, Map<String, Object>> counted = tallies();
    assertThat(counts().profiles()).isEqualTo(3);
    KeyValueStore<String, VisitorTally> records =
        f.driver.getKeyValueStore(Stores.TALLY_VISITOR_STORE);
    List.of("a", "b", "c").forEach(records::delete);
    KeyValueStore<String, Long> counters = f.driver.getKeyValueStore(Stores.TALLY_STORE);
    counters.put("segment-facets|VISITOR|a:B|c:D|e:F|g:H|deleted-long-ago", 7L);

    f = TopologyFixture.restartOf(f, ScoringConfig.defaults());

    assertThat(tallies()).isEqualTo(counted);
    assertThat(f.driver.getKeyValueStore(Stores.TALLY_VISITOR_STORE).approximateNumEntries())
        .isEqualTo(3);

    f.send("b", WebEventType.PAGE_VIEW, T0.plus(MINUTE));
    f.send("b", WebEventType.PAGE_VIEW, T0.plus(MINUTE.multipliedBy(2)));

    assertThat(counts().segmentSizes())
        .isEqualTo(SegmentSizes.fromCounts(3, Map.of("browsers", 2L)));
  }

  /**
   * The first start of the version that keys the prospect index by the exact score finds the
   * records and index entries of the one that keyed it by score buckets: it counts again, so no
   * bucket-keyed entry is left behind to be listed twice.
   */
  @Test
  void aTaskStartedOnRecordsOfScoreBucketsRebuildsTheTallies() {
    shoppers();
    Map<String, Map<String, Object>> counted = tallies();
    KeyValueStore<String, ProspectFacets> index =
        f.driver.getKeyValueStore(Stores.PROSPECT_INDEX_STORE);
    // What an older record reads as: no scores; its entries keyed by a 16-digit bucket.
    asEarlierVersionWrote(
        (visitor, query) -> {
          index.put("engagement|9999999999999000|" + visitor, query.facets());
          return new QueryTallies.Counted(query.tallies(), Map.of(), query.facets());
        });

    f = TopologyFixture.restartOf(f, ScoringConfig.defaults());

    assertThat(tallies()).isEqualTo(counted);
    KeyValueStore<String, VisitorTally> recounted =
        f.driver.getKeyValueStore(Stores.TALLY_VISITOR_STORE);
    assertThat(recounted.get("a").query().scores()).containsOnlyKeys(ProspectSort.values());
  }

  /**
   * The first start of the version that reads listing totals from facet counters finds records and
   * counters of the one that kept a counter per filter: it counts again, so no per-filter counter
   * is left behind and no visitor's facets are missing from the totals.
   */
  @Test
  void aTaskStartedOnRecordsOfFilterCountersRebuildsTheTallies() {
    shoppers();
    Map<String, Map<String, Object>> counted = tallies();
    // What an earlier record reads as: its filter counters instead of its facet counters.
    asEarlierVersionCounted(
        tallies ->
            tallies.stream().map(k -> k.contains("facets|") ? "filter|*|*|*" : k).distinct());

    f = TopologyFixture.restartOf(f, ScoringConfig.defaults());

    assertThat(tallies()).isEqualTo(counted);
    // Moved from what it is counted under now, not from an earlier version's counters.
    f.productView("b", "bags", T0.plus(MINUTE));
    assertThat(counts().total(ProspectFilter.NONE)).isEqualTo(3);
  }

  /**
   * The first start of the version that sums the funnel, the segment sizes and the audience's
   * prospects from the facet counters finds records and counters of the one that also counted each
   * visitor per stage and per segment: it counts again, so those counters are cleared with the
   * records that name them.
   */
  @Test
  void aTaskStartedOnRecordsOfStageAndSegmentCountersRebuildsTheTallies() {
    shoppers();
    Map<String, Map<String, Object>> counted = tallies();
    // What an earlier record reads as, and the counters it moved beside the facet counters.
    KeyValueStore<String, Long> counters = f.driver.getKeyValueStore(Stores.TALLY_STORE);
    counters.put("profiles|all", 3L);
    counters.put("stage|VISITOR", 3L);
    counters.put("segment|browsers", 2L);
    asEarlierVersionCounted(
        tallies ->
            Stream.concat(tallies.stream(), Stream.of("profiles|all", "stage|VISITOR")).sorted());

    f = TopologyFixture.restartOf(f, ScoringConfig.defaults());

    assertThat(tallies()).isEqualTo(counted);
    assertThat(
            f.driver
                .<String, VisitorTally>getKeyValueStore(Stores.TALLY_VISITOR_STORE)
                .get("a")
                .query()
                .tallies())
        .doesNotContain("profiles|all", "stage|VISITOR");
  }

  private TallyCounts counts() {
    KeyValueStore<String, Long> counters = f.driver.getKeyValueStore(Stores.TALLY_STORE);
    try (KeyValueIterator<String, Long> all = counters.all()) {
      return TallyCounts.sum(all);
    }
  }
}
