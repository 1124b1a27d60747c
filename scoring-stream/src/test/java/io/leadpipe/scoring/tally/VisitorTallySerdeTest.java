package io.leadpipe.scoring.tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.scoring.forecast.ForecastSums;
import io.leadpipe.scoring.forecast.stream.ForecastTally;
import io.leadpipe.scoring.profile.BinaryWriter;
import io.leadpipe.scoring.profile.Wire;
import io.leadpipe.scoring.query.ProspectFacets;
import io.leadpipe.scoring.query.ProspectSort;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class VisitorTallySerdeTest {

  private static final List<String> TALLIES =
      List.of(
          "audience-value|interests|fashion",
          "facets|VISITOR|purchaseFrequency:NONE|purchaseVolume:NONE|influence:NONE|profileFit:HIGH",
          "hesitation-kind|CART_ABANDONED",
          "reason-confusion|NONE|PRICE|💡ideas",
          "reason-confusion|NONE|PRICE|💤sleepers",
          "segment-facets|VISITOR|purchaseFrequency:NONE|purchaseVolume:NONE|influence:NONE"
              + "|profileFit:HIGH|browsers",
          "stated-reason|PRICE");

  private static final Map<ProspectSort, Double> SCORES =
      Map.of(ProspectSort.ENGAGEMENT, 12.5, ProspectSort.FIT, 40.0, ProspectSort.INFLUENCE, 0.0);

  /** Decayed scores: no short decimal, so kept with all their bits. */
  private static final Map<ProspectSort, Double> EXACT_SCORES =
      Map.of(
          ProspectSort.ENGAGEMENT,
          12.345678901234,
          ProspectSort.FIT,
          -0.0,
          ProspectSort.INFLUENCE,
          Double.MIN_VALUE);

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
    VisitorTally tally = new VisitorTally(new QueryTallies.Counted(TALLIES, SCORES, FACETS), SHARE);
    assertThat(roundTrip(tally)).isEqualTo(tally);
    VisitorTally decayed =
        new VisitorTally(new QueryTallies.Counted(TALLIES, EXACT_SCORES, FACETS), SHARE);
    assertThat(roundTrip(decayed)).isEqualTo(decayed);

    VisitorTally oddKeys =
        new VisitorTally(
            new QueryTallies.Counted(
                List.of("", "|", "a||b", "|trailing|", "no-separator"), SCORES, FACETS),
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
  void partsSharedWithTheKeyBeforeInSomePlacesOnlyReadBackInTheirOwnPlaces() {
    VisitorTally tally =
        new VisitorTally(
            new QueryTallies.Counted(
                List.of(
                    "a|b|c",
                    "a|x|c",
                    "b|b|c",
                    "a|b",
                    "a|b|c|d|e|f|g|h",
                    "a|b|c|d|e|f|g|i",
                    "c|b|a",
                    "ab|b|c",
                    "a|bc"),
                SCORES,
                FACETS),
            SHARE);

    assertThat(roundTrip(tally)).isEqualTo(tally);
  }

  @Test
  void corruptBytesFailSayingWhatWasRead() {
    byte[] bytes =
        serde
            .serializer()
            .serialize(
                "t", new VisitorTally(new QueryTallies.Counted(TALLIES, SCORES, FACETS), SHARE));
    bytes[3] = 0x7f;
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("what a visitor is counted under");
  }

  /**
   * Written by hand as the version before exact scores wrote it: score buckets in field 3. It reads
   * as a record without scores, which tells PublishedProfileTally to count the visitors again.
   */
  @Test
  void aRecordOfScoreBucketsReadsWithoutScores() {
    BinaryWriter w = BinaryWriter.forThisThread();
    w.varInt(VisitorTallySerde.FORMAT_VERSION);
    w.mapField(3, 1, Wire.BYTES, Wire.VARINT);
    w.string("engagement");
    w.zigZag(12_500);
    w.beginRecord(VisitorTallySerde.FACETS);
    FacetsFormat.write(w, FACETS);
    w.endRecord();
    w.beginRecord(VisitorTallySerde.FORECAST_SHARE);
    w.endRecord();
    w.endRecord();
    byte[] buckets = w.toByteArray();

    VisitorTally read = serde.deserializer().deserialize("t", buckets);
    assertThat(read.query().scores()).isEmpty();
    assertThat(read.query().facets()).isEqualTo(FACETS);
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
