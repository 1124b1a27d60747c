package io.leadpipe.scoring.query;

import static io.leadpipe.scoring.query.ProspectSort.ENGAGEMENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

class ProspectIndexTest {

  private static ProspectSummary prospect(
      String id, double engagement, double fit, String stage, List<String> segments) {
    return RankingTest.prospect(id, engagement, fit, stage, segments, "NONE");
  }

  private static ProspectFacets facets(ProspectSummary p) {
    return new ProspectFacets(p.stage(), p.leadTypes(), p.segments());
  }

  /** One partition: its index as a sorted store would hold it, and its published rows. */
  private record Store(TreeMap<String, ProspectFacets> index, Map<String, ProspectSummary> rows) {
    Store() {
      this(new TreeMap<>(), new HashMap<>());
    }

    void put(ProspectSummary p, ProspectSort... sorts) {
      for (ProspectSort sort : sorts) {
        index.put(ProspectIndex.key(sort, p), facets(p));
      }
      rows.put(p.visitorId(), p);
    }
  }

  private static List<Store> index(List<ProspectSummary> everyone, int partitions, Random random) {
    List<Store> stores = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      stores.add(new Store());
    }
    for (ProspectSummary p : everyone) {
      stores.get(random.nextInt(partitions)).put(p, ProspectSort.values());
    }
    return stores;
  }

  private static List<ProspectIndex.Partition> walk(List<Store> stores, ProspectSort sort) {
    String prefix = ProspectIndex.prefix(sort);
    return stores.stream()
        .map(
            s -> {
              Iterator<KeyValue<String, ProspectFacets>> entries =
                  s.index().tailMap(prefix).entrySet().stream()
                      .filter(e -> e.getKey().startsWith(prefix))
                      .map(e -> KeyValue.pair(e.getKey(), e.getValue()))
                      .iterator();
              return new ProspectIndex.Partition(entries, s.rows()::get);
            })
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

  /** The key orders every double as Double.compare does, however close: no tie-break needed. */
  @Test
  void keysOrderScoresExactlyAsTheRankingDoes() {
    Random random = new Random(5);
    List<Double> scores =
        new ArrayList<>(
            List.of(
                0.0,
                -0.0,
                Double.MIN_VALUE,
                -Double.MIN_VALUE,
                1.0,
                Math.nextUp(1.0),
                Math.nextDown(1.0),
                -1.0,
                Double.MAX_VALUE,
                -Double.MAX_VALUE,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                Double.NaN));
    for (int i = 0; i < 2_000; i++) {
      scores.add((random.nextDouble() - 0.2) * Math.pow(10, random.nextInt(12) - 4));
    }
    List<ProspectSummary> prospects = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      prospects.add(prospect("v" + (i % 7), scores.get(i), 0, "VISITOR", List.of()));
    }
    List<ProspectSummary> byKey =
        prospects.stream()
            .sorted(Comparator.comparing((ProspectSummary p) -> ProspectIndex.key(ENGAGEMENT, p)))
            .toList();
    assertThat(byKey).isSortedAccordingTo(ENGAGEMENT.order());
  }

  @Test
  void theTopOfTheMergedPartitionIndexesIsTheTopOfTheRankingForEverySortFilterAndPageEnd() {
    Random random = new Random(11);
    List<ProspectSummary> everyone = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      // Scores a ten-thousandth apart and exact ties: the walk must still rank exactly.
      everyone.add(
          prospect(
              String.format("v%03d", i),
              random.nextInt(30) + (random.nextBoolean() ? 0.0001 * random.nextInt(3) : 0),
              random.nextInt(100),
              random.nextBoolean() ? "VISITOR" : "ENGAGED_PROSPECT",
              random.nextInt(4) == 0 ? List.of("hot") : List.of()));
    }
    List<Store> stores = index(everyone, 3, random);
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
    Store store = new Store();
    for (int i = 0; i < ProspectIndex.MAX_WALK; i++) {
      store.put(
          prospect(String.format("v%06d", i), 100, 0, "VISITOR", List.of()),
          ProspectSort.ENGAGEMENT);
    }
    ProspectSummary last = prospect("w", 1, 0, "CUSTOMER", List.of());
    store.put(last, ProspectSort.ENGAGEMENT);
    ProspectFilter customers = new ProspectFilter(null, "CUSTOMER", null);

    assertThat(
            ProspectIndex.top(
                walk(List.of(store), ProspectSort.ENGAGEMENT),
                customers,
                ProspectSort.ENGAGEMENT,
                1))
        .isEmpty();
    store.index().pollFirstEntry();
    assertThat(
            ProspectIndex.top(
                walk(List.of(store), ProspectSort.ENGAGEMENT),
                customers,
                ProspectSort.ENGAGEMENT,
                1))
        .containsExactly(last);
  }

  /** Thousands of one-event visitors share a score: the page still reads only its own rows. */
  @Test
  void aPageWithinALargeTieReadsOnlyItsOwnRows() {
    List<Store> stores = List.of(new Store(), new Store());
    for (int i = 0; i < 5_000; i++) {
      stores
          .get(i % 2)
          .put(prospect(String.format("v%04d", i), 3.5, 0, "VISITOR", List.of()), ENGAGEMENT);
    }
    List<String> read = new ArrayList<>();
    List<ProspectIndex.Partition> partitions =
        walk(stores, ENGAGEMENT).stream()
            .map(
                p ->
                    new ProspectIndex.Partition(
                        p.entries(),
                        visitor -> {
                          read.add(visitor);
                          return p.rows().apply(visitor);
                        }))
            .toList();

    assertThat(ProspectIndex.top(partitions, ProspectFilter.NONE, ENGAGEMENT, 3))
        .extracting(ProspectSummary::visitorId)
        .containsExactly("v0000", "v0001", "v0002");
    assertThat(read).containsExactly("v0000", "v0001", "v0002");
  }

  @Test
  void onlyThePageFoundReadsRowsAndAVisitorRetiredMeanwhileIsLeftOut() {
    Store store = new Store();
    for (int i = 0; i < 50; i++) {
      store.put(
          prospect(String.format("v%02d", i), 100 - i, 0, "VISITOR", List.of()),
          ProspectSort.ENGAGEMENT);
    }
    List<String> read = new ArrayList<>();
    ProspectIndex.Partition partition =
        new ProspectIndex.Partition(
            walk(List.of(store), ProspectSort.ENGAGEMENT).get(0).entries(),
            visitor -> {
              read.add(visitor);
              return visitor.equals("v01") ? null : store.rows().get(visitor);
            });

    assertThat(
            ProspectIndex.top(List.of(partition), ProspectFilter.NONE, ProspectSort.ENGAGEMENT, 3))
        .extracting(ProspectSummary::visitorId)
        .containsExactly("v00", "v02");
    assertThat(read).containsExactly("v00", "v01", "v02");
  }
}
