package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.topology.ScoringConfig;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/reasons/accuracy} over two instances: this one counts its partitions from its
 * counters, the other answers its share as JSON for the same segment; the cells add up and the
 * report is made of the sum.
 */
class ReasonAccuracyListingsTest {

  private static final HostInfo SELF = PlacedLocalProfiles.SELF;
  private static final String SEGMENT = "big spenders";

  private final JsonMapper json = JsonMapper.createDefault();
  private final QuerySettings settings =
      QuerySettingsTest.with(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(1));
  private final Peers peers = new Peers(settings, json);
  private SharePeer other;

  @AfterEach
  void stop() {
    other.close();
    peers.close();
  }

  /** Partitions 0 and 1 here, active: one PRICE→PRICE answer in the segment on each. */
  private static final class Here extends PlacedLocalProfiles {

    Here(TreeMap<Integer, Replicas> placement) {
      super(placement);
    }

    @Override
    public <T> PartitionRead<T> read(
        Collection<Integer> partitions,
        boolean allowStale,
        ProspectSort sort,
        BiFunction<TallyCounts, List<ProspectIndex.Partition>, T> reader) {
      List<KeyValue<String, Long>> counters = new ArrayList<>();
      partitions.forEach(
          p -> {
            counters.add(KeyValue.pair("reason-confusion|PRICE|PRICE|" + SEGMENT, 1L));
            counters.add(KeyValue.pair("reason-confusion|PRICE|PRICE|*", 1L));
            // Not in the segment: counted overall only.
            counters.add(KeyValue.pair("reason-confusion|NONE|OTHER|*", 1L));
          });
      return new PartitionRead<>(
          reader.apply(TallyCounts.sum(counters.iterator()), List.of()),
          Collections.unmodifiableSortedSet(new TreeSet<>(partitions)),
          Collections.unmodifiableSortedSet(new TreeSet<>()));
    }
  }

  @Test
  void theSharesOfBothInstancesMakeOneMatrixOfTheSegment() throws IOException {
    // The other instance: for its partitions 2 and 3, two SHIPPING→PRICE answers.
    other =
        SharePeer.answering(
            json, new ReasonConfusion(List.of(new ReasonConfusion.Cell("SHIPPING", "PRICE", 2))));
    TreeMap<Integer, LocalProfiles.Replicas> placement = new TreeMap<>();
    placement.put(0, new LocalProfiles.Replicas(SELF, List.of()));
    placement.put(1, new LocalProfiles.Replicas(SELF, List.of()));
    placement.put(2, new LocalProfiles.Replicas(other.host(), List.of()));
    placement.put(3, new LocalProfiles.Replicas(other.host(), List.of()));
    Listings listings =
        new Listings(new Here(placement), peers, settings, null, ScoringConfig.defaults());

    ReasonAccuracy a = listings.reasonAccuracy(SEGMENT, null);

    assertThat(other.requests()).containsExactly("GET /v1/reasons/accuracy?segment=big+spenders ");
    assertThat(a.segment()).isEqualTo(SEGMENT);
    assertThat(a.answered()).isEqualTo(4);
    assertThat(a.correct()).isEqualTo(2);
    assertThat(a.withoutInference()).isZero();
    assertThat(a.accuracy().value()).isEqualTo(0.5);
    assertThat(a.reasons())
        .filteredOn(r -> r.reason().equals("PRICE"))
        .containsExactly(new ReasonAccuracy.ReasonScore("PRICE", 2, 4, 2, 1.0, 0.5));
    assertThat(a.coverage()).isEqualTo(new Coverage(4, List.of(), List.of()));
  }
}
