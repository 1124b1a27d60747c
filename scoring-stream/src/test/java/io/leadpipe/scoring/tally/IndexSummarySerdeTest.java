package io.leadpipe.scoring.tally;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.query.ProspectSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexSummarySerdeTest {

  private static ProspectSummary summary(String visitor, double engagement) {
    return new ProspectSummary(
        visitor,
        null,
        "ENGAGED",
        engagement,
        40.0,
        "C",
        0.0,
        Map.of("purchaseFrequency", "NONE"),
        List.of("browsers"),
        "2026-12-02T10:00:00Z",
        new ProspectSummary.Explanation(
            List.of(new ProspectSummary.Factor("PRODUCT_VIEW", 5.0, null, null)),
            List.of(),
            List.of()));
  }

  @Test
  void theSameSummaryPutOncePerSortIsEncodedOnceAndEveryOtherIsEncodedAfresh() {
    IndexSummarySerde serde = new IndexSummarySerde();
    ProspectSummary first = summary("v1", 12.5);
    ProspectSummary second = summary("v2", 30.0);

    byte[] once = serde.serializer().serialize("t", first);
    byte[] again = serde.serializer().serialize("t", first);
    byte[] other = serde.serializer().serialize("t", second);
    byte[] equalButNew = serde.serializer().serialize("t", summary("v1", 12.5));

    assertThat(again).isSameAs(once);
    assertThat(other).isNotSameAs(once);
    assertThat(equalButNew).isNotSameAs(once).isEqualTo(once);
    assertThat(serde.deserializer().deserialize("t", once)).isEqualTo(first);
    assertThat(serde.deserializer().deserialize("t", other)).isEqualTo(second);
    assertThat(serde.serializer().serialize("t", null)).isNull();
  }
}
