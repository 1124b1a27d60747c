package io.leadpipe.scoring.tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.scoring.query.ProspectFacets;
import io.leadpipe.scoring.query.ProspectIndex;
import io.leadpipe.scoring.query.ProspectSort;
import io.leadpipe.streams.state.StateSerde;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class CountedSerdeTest {

  private static final List<String> TALLIES =
      List.of(
          "filter|*|*|*",
          "filter|*|*|browsers",
          "filter|*|profileFit:HIGH|*",
          "filter|*|profileFit:HIGH|browsers",
          "filter|VISITOR|*|*",
          "profiles|all",
          "segment|browsers",
          "segment|💡ideas",
          "segment|💤sleepers",
          "stage|VISITOR");

  private static final Map<ProspectSort, Long> BUCKETS =
      Map.of(
          ProspectSort.ENGAGEMENT, 12_500L, ProspectSort.FIT, 40_000L, ProspectSort.INFLUENCE, 0L);

  private static final ProspectFacets FACETS =
      new ProspectFacets("VISITOR", Map.of("profileFit", "HIGH"), List.of("browsers"));

  private final CountedSerde serde = new CountedSerde();

  @Test
  void aVisitorsRecordSurvivesTheCompactFormatAndTakesFewerBytesThanTheEarlierOne() {
    QueryTallies.Counted counted = new QueryTallies.Counted(TALLIES, BUCKETS, FACETS);

    byte[] bytes = serde.serializer().serialize("t", counted);

    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(counted);
    byte[] earlier =
        StateSerde.of(CountedSerde.EarlierCounted.class)
            .serializer()
            .serialize("t", new CountedSerde.EarlierCounted(TALLIES, indexKeys("v1")));
    // With its facets, which the earlier record did not hold.
    assertThat(bytes.length).isLessThan(earlier.length);
    QueryTallies.Counted oddKeys =
        new QueryTallies.Counted(
            List.of("", "|", "a||b", "|trailing|", "no-separator"), BUCKETS, null);
    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", oddKeys)))
        .isEqualTo(oddKeys);
    QueryTallies.Counted empty = new QueryTallies.Counted(List.of(), Map.of(), null);
    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", empty)))
        .isEqualTo(empty);
  }

  @Test
  void aRecordOfAnEarlierVersionIsReadWithItsBucketsAndNoFacets() {
    List<String> index = indexKeys("v|1");
    byte[] earlier =
        StateSerde.of(CountedSerde.EarlierCounted.class)
            .serializer()
            .serialize("t", new CountedSerde.EarlierCounted(TALLIES, index));

    QueryTallies.Counted read = serde.deserializer().deserialize("t", earlier);

    assertThat(read).isEqualTo(new QueryTallies.Counted(TALLIES, BUCKETS, null));
    assertThat(ProspectIndex.keysOf("v|1", read.buckets()))
        .containsExactlyInAnyOrderElementsOf(index);
  }

  private static List<String> indexKeys(String visitor) {
    return BUCKETS.entrySet().stream()
        .map(e -> ProspectIndex.key(e.getKey(), e.getValue(), visitor))
        .toList();
  }

  @Test
  void corruptBytesFailNamingTheStore() {
    byte[] bytes =
        serde.serializer().serialize("t", new QueryTallies.Counted(TALLIES, BUCKETS, FACETS));
    bytes[3] = 0x7f;
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("tally keys");
  }
}
