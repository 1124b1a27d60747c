package io.leadpipe.scoring.tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.scoring.forecast.ForecastSums;
import io.leadpipe.scoring.forecast.stream.ForecastTally;
import io.leadpipe.scoring.profile.BinaryWriter;
import io.leadpipe.scoring.query.ProspectFacets;
import io.leadpipe.scoring.query.ProspectSort;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class VisitorTallySerdeTest {

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

  private static final ForecastTally.Counted SHARE =
      new ForecastTally.Counted(
          List.of("all", "segment|browsers"),
          new ForecastSums(1, 1, 250_000, 17_500, -3, 0, 0, 80_000, 1));

  private final VisitorTallySerde serde = new VisitorTallySerde();

  private VisitorTally roundTrip(VisitorTally tally) {
    return serde.deserializer().deserialize("t", serde.serializer().serialize("t", tally));
  }

  @Test
  void aVisitorsRecordSurvivesTheCompactFormat() {
    VisitorTally tally =
        new VisitorTally(new QueryTallies.Counted(TALLIES, BUCKETS, FACETS), SHARE);
    assertThat(roundTrip(tally)).isEqualTo(tally);

    VisitorTally oddKeys =
        new VisitorTally(
            new QueryTallies.Counted(
                List.of("", "|", "a||b", "|trailing|", "no-separator"), BUCKETS, FACETS),
            new ForecastTally.Counted(List.of("all"), ForecastSums.NONE));
    assertThat(roundTrip(oddKeys)).isEqualTo(oddKeys);
    VisitorTally empty =
        new VisitorTally(
            new QueryTallies.Counted(
                List.of(), Map.of(), new ProspectFacets("", Map.of(), List.of())),
            new ForecastTally.Counted(List.of(), ForecastSums.NONE));
    assertThat(roundTrip(empty)).isEqualTo(empty);
  }

  @Test
  void corruptBytesFailSayingWhatWasRead() {
    byte[] bytes =
        serde
            .serializer()
            .serialize(
                "t", new VisitorTally(new QueryTallies.Counted(TALLIES, BUCKETS, FACETS), SHARE));
    bytes[3] = 0x7f;
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("what a visitor is counted under");
  }

  /** Written by hand: a record with its facets and nothing else, which no encoder writes. */
  @Test
  void aRecordWithoutItsForecastShareIsCorrupt() {
    BinaryWriter w = BinaryWriter.forThisThread();
    w.varInt(VisitorTallySerde.FORMAT_VERSION);
    w.beginRecord(VisitorTallySerde.FACETS);
    FacetsFormat.write(w, FACETS);
    w.endRecord();
    w.endRecord();
    byte[] facetsOnly = w.toByteArray();

    assertThatThrownBy(() -> serde.deserializer().deserialize("t", facetsOnly))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("no forecast share");
  }
}
