package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

class ProspectIndexTest {

  private static ProspectSummary prospect(
      String id, double engagement, double fit, String stage, List<String> segments) {
    return RankingTest.prospect(id, engagement, fit, stage, segments, "NONE");
  }

  /** The index of each partition as a sorted store would hold it. */
  private static List<TreeMap<String, ProspectSummary>> index(
      List<ProspectSummary> everyone, int partitions, Random random) {
    List<TreeMap<String, ProspectSummary>> stores = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      stores.add(new TreeMap<>());
    }
    for (ProspectSummary p : everyone) {
      TreeMap<String, ProspectSummary> store = stores.get(random.nextInt(partitions));
      ProspectIndex.keysOf(p).forEach(k -> store.put(k, p));
    }
    return stores;
  }

  private static List<Iterator<KeyValue<String, ProspectSummary>>> walk(
      List<TreeMap<String, ProspectSummary>> stores, ProspectSort sort) {
    String prefix = ProspectIndex.prefix(sort);
    return stores.stream()
        .map(
            s ->
                s.tailMap(prefix).entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix))
                    .map(e -> KeyValue.pair(e.getKey(), e.getValue()))
                    .iterator())
        .toList();
  }

  @Test
  void ascendingKeysAreTheRankingHighestScoreFirstTiesBySmallerVisitorId() {
    List<ProspectSummary> ranked =
        List.of(
            prospect("b", 1_000_000.5, 0, "VISITOR", List.of()),
            prospect("a", 50, 0, "VISITOR", List.of()),
            prospect("c", 50, 0, "VISITOR", List.of()),
            prospect("a2", 9.999, 0, "VISITOR", List.of()),
            prospect("z", 0, 0, "VISITOR", List.of()));
    List<String> keys =
        ranked.stream().map(p -> ProspectIndex.key(ProspectSort.ENGAGEMENT, p)).toList();
    assertThat(keys).isSorted();
    assertThat(keys.get(1)).startsWith("engagement|").endsWith("|a");
  }

  @Test
  void theTopOfTheMergedPartitionIndexesIsTheTopOfTheRankingForEverySortFilterAndPageEnd() {
    Random random = new Random(11);
    List<ProspectSummary> everyone = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      // Scores closer than a bucket (0.001) and exact ties: the walk must still rank exactly.
      everyone.add(
          prospect(
              String.format("v%03d", i),
              random.nextInt(30) + (random.nextBoolean() ? 0.0001 * random.nextInt(3) : 0),
              random.nextInt(100),
              random.nextBoolean() ? "VISITOR" : "ENGAGED_PROSPECT",
              random.nextInt(4) == 0 ? List.of("hot") : List.of()));
    }
    List<TreeMap<String, ProspectSummary>> stores = index(everyone, 3, random);
    for (ProspectSort sort : ProspectSort.values()) {
      for (ProspectFilter filter :
          List.of(
              ProspectFilter.NONE,
              new ProspectFilter("hot", null, null),
              new ProspectFilter("hot", "ENGAGED_PROSPECT", null))) {
        for (int keep : List.of(0, 1, 7, 40, 500)) {
          assertThat(ProspectIndex.top(walk(stores, sort), filter, sort, keep))
              .as("%s %s top %d", sort, filter, keep)
              .isEqualTo(Ranking.top(everyone, filter, sort, keep).items());
        }
      }
    }
  }

  @Test
  void theWalkStopsAtItsCapEvenWhenTheFilterFoundNothingYet() {
    TreeMap<String, ProspectSummary> store = new TreeMap<>();
    for (int i = 0; i < ProspectIndex.MAX_WALK; i++) {
      ProspectSummary p = prospect(String.format("v%06d", i), 100, 0, "VISITOR", List.of());
      store.put(ProspectIndex.key(ProspectSort.ENGAGEMENT, p), p);
    }
    ProspectSummary last = prospect("w", 1, 0, "CUSTOMER", List.of());
    store.put(ProspectIndex.key(ProspectSort.ENGAGEMENT, last), last);
    ProspectFilter customers = new ProspectFilter(null, "CUSTOMER", null);

    assertThat(
            ProspectIndex.top(
                walk(List.of(store), ProspectSort.ENGAGEMENT),
                customers,
                ProspectSort.ENGAGEMENT,
                1))
        .isEmpty();
    store.pollFirstEntry();
    assertThat(
            ProspectIndex.top(
                walk(List.of(store), ProspectSort.ENGAGEMENT),
                customers,
                ProspectSort.ENGAGEMENT,
                1))
        .containsExactly(last);
  }
}
