package io.leadpipe.scoring.tally;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.MockStores;
import io.leadpipe.scoring.fit.FitRules;
import io.leadpipe.scoring.query.ProspectFacets;
import io.leadpipe.scoring.query.TallyRules;
import io.leadpipe.scoring.tally.QueryTallies.Counted;
import io.leadpipe.streams.state.DeferredWrites;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The counters' reads and writes: each counter is read from the store once, written once per step
 * that moves it many times, and the values stay exact.
 */
class QueryTalliesCountersTest {

  private static final ProspectFacets FACETS = new ProspectFacets("VISITOR", Map.of(), List.of());

  private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
  private final KeyValueStore<String, Long> counters =
      MockStores.inMemory(context, "tally-store", Serdes.Long());
  private final List<String> reads = new ArrayList<>();
  private final List<String> writes = new ArrayList<>();
  private final QueryTallies tallies =
      new QueryTallies(
          new TallyRules(FitRules.defaults()),
          MockStores.noting(
              MockStores.noting(counters, Set.of("put", "delete"), writes), Set.of("get"), reads),
          MockStores.inMemory(context, "prospect-index-store", new IndexEntrySerde()));

  private static Counted countedUnder(String... keys) {
    return new Counted(List.of(keys), Map.of(), FACETS);
  }

  @Test
  void aCounterMovedByManyVisitorsIsReadFromTheStoreOnce() {
    for (int v = 0; v < 100; v++) {
      tallies.move(
          "v-" + v, null, countedUnder("facets|VISITOR", "hesitation-kind|CART_ABANDONED"));
    }
    tallies.move(
        "v-0",
        countedUnder("facets|VISITOR", "hesitation-kind|CART_ABANDONED"),
        countedUnder("facets|VISITOR"));

    assertThat(reads)
        .containsExactlyInAnyOrder("get facets|VISITOR", "get hesitation-kind|CART_ABANDONED");
    assertThat(counters.get("facets|VISITOR")).isEqualTo(100);
    assertThat(counters.get("hesitation-kind|CART_ABANDONED")).isEqualTo(99);
  }

  @Test
  void aCounterTakenToZeroIsDeletedAndCountsAgainFromZero() {
    tallies.move("v-1", null, countedUnder("segment-facets|VISITOR|carts"));
    tallies.move("v-1", countedUnder("segment-facets|VISITOR|carts"), null);

    assertThat(counters.get("segment-facets|VISITOR|carts")).isNull();

    tallies.move("v-2", null, countedUnder("segment-facets|VISITOR|carts"));

    assertThat(counters.get("segment-facets|VISITOR|carts")).isEqualTo(1);
    assertThat(reads).containsExactly("get segment-facets|VISITOR|carts");
  }

  private final List<String> moreKeysThanAreRemembered =
      IntStream.range(0, QueryTallies.MAX_KNOWN_COUNTERS + 10)
          .mapToObj(i -> "audience-value|city|c-" + i)
          .toList();

  @Test
  void moreCountersThanAreRememberedStayExact() {
    moveTwoVisitorsInAndOneOut(moreKeysThanAreRemembered);

    assertThat(moreKeysThanAreRemembered)
        .allSatisfy(key -> assertThat(counters.get(key)).isEqualTo(1));
  }

  /** Two visitors into each counter, then one out again. */
  private void moveTwoVisitorsInAndOneOut(List<String> keys) {
    for (String key : keys) {
      tallies.move("a-" + key, null, countedUnder(key));
      tallies.move("b-" + key, null, countedUnder(key));
    }
    for (String key : keys) {
      tallies.move("a-" + key, countedUnder(key), null);
    }
  }

  @Test
  void outsideAStepEveryMoveWritesItsCounters() {
    tallies.move("v-1", null, countedUnder("facets|VISITOR"));
    tallies.move("v-2", null, countedUnder("facets|VISITOR"));

    assertThat(writes).containsExactly("put facets|VISITOR", "put facets|VISITOR");
  }

  @Test
  void withinAStepEachCounterIsWrittenOnceWithItsLastValue() {
    DeferredWrites.during(
        () -> {
          for (int v = 0; v < 100; v++) {
            tallies.move(
                "v-" + v, null, countedUnder("facets|VISITOR", "segment-facets|VISITOR|carts"));
          }
          for (int v = 0; v < 100; v++) {
            tallies.move(
                "v-" + v,
                countedUnder("facets|VISITOR", "segment-facets|VISITOR|carts"),
                countedUnder("facets|VISITOR"));
          }
          assertThat(writes).isEmpty();
        });

    assertThat(writes)
        .containsExactlyInAnyOrder("put facets|VISITOR", "delete segment-facets|VISITOR|carts");
    assertThat(counters.get("facets|VISITOR")).isEqualTo(100);
    assertThat(counters.get("segment-facets|VISITOR|carts")).isNull();
  }

  @Test
  void countersHeldInAStepStayExactWhenMoreAreMovedThanAreRemembered() {
    DeferredWrites.during(() -> moveTwoVisitorsInAndOneOut(moreKeysThanAreRemembered));

    assertThat(moreKeysThanAreRemembered)
        .allSatisfy(key -> assertThat(counters.get(key)).isEqualTo(1));
  }
}
