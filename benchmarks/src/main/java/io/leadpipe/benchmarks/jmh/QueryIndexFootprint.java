package io.leadpipe.benchmarks.jmh;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.fit.FitRules;
import io.leadpipe.scoring.forecast.stream.ForecastTally;
import io.leadpipe.scoring.query.ProfileViews;
import io.leadpipe.scoring.query.ProspectFacets;
import io.leadpipe.scoring.query.ProspectIndex;
import io.leadpipe.scoring.query.ProspectSort;
import io.leadpipe.scoring.query.ProspectSummary;
import io.leadpipe.scoring.query.TallyRules;
import io.leadpipe.scoring.tally.IndexEntrySerde;
import io.leadpipe.scoring.tally.QueryTallies;
import io.leadpipe.scoring.tally.VisitorTally;
import io.leadpipe.scoring.tally.VisitorTallySerde;
import io.leadpipe.streams.state.StateSerde;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Logical bytes (keys and values, before RocksDB's compression) one visitor takes in the query
 * stores that issue 15 changed, as they were and as they are, for the benchmark's active shopper in
 * two segments. Run: {@code java -cp <benchmarks classpath>
 * io.leadpipe.benchmarks.jmh.QueryIndexFootprint}.
 */
public final class QueryIndexFootprint {

  private QueryIndexFootprint() {}

  public static void main(String[] args) {
    HotPathBenchmarks bench = new HotPathBenchmarks();
    bench.setUp();
    ProspectProfile profile = HotPathBenchmarks.publishedShopper(bench.activeShopper());
    bench.tearDown();
    String visitor = profile.getVisitorId();
    List<String> tallies = new TallyRules(FitRules.defaults()).keysOf(profile);

    ProspectSummary summary = ProfileViews.summary(profile);
    List<String> indexKeys = new ArrayList<>();
    for (ProspectSort sort : ProspectSort.values()) {
      indexKeys.add(ProspectIndex.key(sort, summary));
    }
    int keyBytes = indexKeys.stream().mapToInt(QueryIndexFootprint::utf8).sum();
    int earlierIndex =
        keyBytes
            + indexKeys.size()
                * StateSerde.of(ProspectSummary.class)
                    .serializer()
                    .serialize("index", summary)
                    .length;
    int earlierKeys =
        utf8(visitor)
            + StateSerde.of(HotPathBenchmarks.EarlierCounted.class)
                .serializer()
                .serialize("keys", new HotPathBenchmarks.EarlierCounted(tallies, indexKeys))
                .length;

    Map<ProspectSort, Double> scores = ProspectIndex.scoresOf(profile);
    ProspectFacets facets = ProfileViews.facets(profile);
    int index =
        keyBytes
            + indexKeys.size()
                * new IndexEntrySerde().serializer().serialize("index", facets).length;
    int keys =
        utf8(visitor)
            + new VisitorTallySerde()
                .serializer()
                .serialize(
                    "keys",
                    new VisitorTally(
                        new QueryTallies.Counted(tallies, scores, facets),
                        ForecastTally.countedOf(profile)))
                .length;

    System.out.printf(
        "counter keys: %d (%d chars)%n",
        tallies.size(), tallies.stream().mapToInt(String::length).sum());
    System.out.printf("prospect-index-store: %d B earlier, %d B now%n", earlierIndex, index);
    System.out.printf(
        "tally-keys-store earlier, tally-visitor-store now (with the forecast share): %d B, %d B%n",
        earlierKeys, keys);
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
