package io.leadpipe.scoring.tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.scoring.query.ProspectFacets;
import io.leadpipe.scoring.query.ProspectSummary;
import io.leadpipe.streams.state.StateSerde;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class IndexEntrySerdeTest {

  private final IndexEntrySerde serde = new IndexEntrySerde();

  private static ProspectFacets facets(String stage, String... segments) {
    return new ProspectFacets(
        stage, Map.of("purchaseFrequency", "NONE", "profileFit", "HIGH"), List.of(segments));
  }

  private ProspectFacets roundTrip(ProspectFacets facets) {
    return serde.deserializer().deserialize("t", serde.serializer().serialize("t", facets));
  }

  @Test
  void facetsSurviveTheCompactFormat() {
    for (ProspectFacets f :
        List.of(
            facets("ENGAGED_PROSPECT", "browsers", "carts"),
            facets("VISITOR"),
            new ProspectFacets("CUSTOMER", Map.of(), List.of("ünïcode-✓")))) {
      assertThat(roundTrip(f)).isEqualTo(f);
    }
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void theSameFacetsPutOncePerSortAreEncodedOnceAndEveryOtherAfresh() {
    ProspectFacets first = facets("VISITOR", "browsers");

    byte[] once = serde.serializer().serialize("t", first);
    byte[] again = serde.serializer().serialize("t", first);
    byte[] equalButNew = serde.serializer().serialize("t", facets("VISITOR", "browsers"));

    assertThat(again).isSameAs(once);
    assertThat(equalButNew).isNotSameAs(once).isEqualTo(once);
  }

  @Test
  void anEntryOfAnEarlierVersionAWholeSummaryIsReadAsItsFacets() {
    ProspectSummary summary =
        new ProspectSummary(
            "v1",
            "user-1",
            "ENGAGED_PROSPECT",
            12.5,
            40.0,
            "C",
            0.0,
            Map.of("purchaseFrequency", "NONE", "profileFit", "HIGH"),
            List.of("browsers"),
            "2026-12-02T10:00:00Z",
            new ProspectSummary.Explanation(
                List.of(new ProspectSummary.Factor("PRODUCT_VIEW", 5.0, null, null)),
                List.of(),
                List.of()));
    byte[] earlier = StateSerde.of(ProspectSummary.class).serializer().serialize("t", summary);

    assertThat(serde.deserializer().deserialize("t", earlier))
        .isEqualTo(facets("ENGAGED_PROSPECT", "browsers"));
  }

  @Test
  void anEntryOfANewerFormatOrCorruptBytesFailWithWhatIsWrong() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {0x02, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("format version 2");
    byte[] entry = serde.serializer().serialize("t", facets("VISITOR", "browsers"));
    byte[] truncated = java.util.Arrays.copyOf(entry, entry.length - 3);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("prospect-index entry");
  }
}
