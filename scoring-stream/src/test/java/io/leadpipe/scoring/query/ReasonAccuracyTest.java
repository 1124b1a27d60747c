package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReasonAccuracyTest {

  private static final double FOUR_DECIMALS = 5e-5;

  private static ReasonConfusion.Cell cell(String inferred, String stated, long visitors) {
    return new ReasonConfusion.Cell(inferred, stated, visitors);
  }

  /**
   * Ten answers: PRICE inferred for 7 (5 said PRICE, 2 SHIPPING), SHIPPING for 2 (both said
   * SHIPPING), nothing inferred for 1 (said QUALITY). 7 of 10 right: Wilson 95 % 0.3968–0.8922.
   */
  @Test
  void accuracyPrecisionAndRecallOfAKnownMatrix() {
    ReasonConfusion confusion =
        new ReasonConfusion(
            List.of(
                cell("PRICE", "PRICE", 5),
                cell("PRICE", "SHIPPING", 2),
                cell("SHIPPING", "SHIPPING", 2),
                cell("NONE", "QUALITY", 1)));

    ReasonAccuracy a = ReasonAccuracy.of(confusion, "hot");

    assertThat(a.segment()).isEqualTo("hot");
    assertThat(a.answered()).isEqualTo(10);
    assertThat(a.correct()).isEqualTo(7);
    assertThat(a.withoutInference()).isEqualTo(1);
    assertThat(a.accuracy().value()).isCloseTo(0.7, within(1e-12));
    assertThat(a.accuracy().lower()).isCloseTo(0.3968, within(FOUR_DECIMALS));
    assertThat(a.accuracy().upper()).isCloseTo(0.8922, within(FOUR_DECIMALS));
    assertThat(a.accuracy().confidence()).isEqualTo(0.95);

    assertThat(a.stated())
        .containsExactly(
            "PRICE",
            "REVIEWS",
            "QUALITY",
            "SHIPPING",
            "NO_LONGER_INTERESTED",
            "BOUGHT_ELSEWHERE",
            "OTHER");
    assertThat(a.matrix())
        .extracting(ReasonAccuracy.Row::inferred)
        .containsExactly(
            "UNKNOWN",
            "PRICE",
            "REVIEWS",
            "QUALITY",
            "SHIPPING",
            "NO_LONGER_INTERESTED",
            "BOUGHT_ELSEWHERE",
            "OTHER",
            "NONE");
    assertThat(a.matrix().get(1))
        .isEqualTo(new ReasonAccuracy.Row("PRICE", List.of(5L, 0L, 0L, 2L, 0L, 0L, 0L), 7));
    assertThat(a.matrix().get(8))
        .isEqualTo(new ReasonAccuracy.Row("NONE", List.of(0L, 0L, 1L, 0L, 0L, 0L, 0L), 1));

    assertThat(a.reasons())
        .filteredOn(r -> List.of("PRICE", "SHIPPING", "QUALITY", "OTHER").contains(r.reason()))
        .containsExactly(
            new ReasonAccuracy.ReasonScore("PRICE", 7, 5, 5, 5.0 / 7, 1.0),
            new ReasonAccuracy.ReasonScore("QUALITY", 0, 1, 0, null, 0.0),
            new ReasonAccuracy.ReasonScore("SHIPPING", 2, 4, 2, 1.0, 0.5),
            new ReasonAccuracy.ReasonScore("OTHER", 0, 0, 0, null, null));
  }

  @Test
  void nobodyAnsweredHasNoAccuracyButTheFullEmptyMatrix() {
    ReasonAccuracy a = ReasonAccuracy.of(new ReasonConfusion(List.of()), null);

    assertThat(a.answered()).isZero();
    assertThat(a.accuracy()).isNull();
    assertThat(a.matrix()).hasSize(9).allSatisfy(r -> assertThat(r.total()).isZero());
  }

  @Test
  void aReasonOfANewerContractGetsItsRowAndColumnAfterTheKnownOnes() {
    ReasonAccuracy a =
        ReasonAccuracy.of(
            new ReasonConfusion(List.of(cell("DELIVERY_TIME", "DELIVERY_TIME", 3))), null);

    assertThat(a.stated()).last().isEqualTo("DELIVERY_TIME");
    assertThat(a.matrix())
        .last()
        .extracting(ReasonAccuracy.Row::inferred)
        .isEqualTo("DELIVERY_TIME");
    assertThat(a.correct()).isEqualTo(3);
  }

  @Test
  void sharesOfInstancesAddUpCellByCell() {
    ReasonConfusion one =
        new ReasonConfusion(List.of(cell("PRICE", "PRICE", 2), cell("NONE", "OTHER", 1)));
    ReasonConfusion two =
        new ReasonConfusion(List.of(cell("PRICE", "PRICE", 3), cell("SHIPPING", "PRICE", 1)));

    assertThat(ReasonConfusion.merge(List.of(one, two)).cells())
        .containsExactly(
            cell("NONE", "OTHER", 1), cell("PRICE", "PRICE", 5), cell("SHIPPING", "PRICE", 1));
  }
}
