package io.leadpipe.scoring.tally;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.forecast.ForecastSums;
import io.leadpipe.scoring.testing.CompactSerdeContract;
import io.leadpipe.streams.state.StateSerde;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastSumsSerdeTest extends CompactSerdeContract<ForecastSums> {

  /** A group of a million visitors' sums, every field different and large. */
  private static final ForecastSums LARGE =
      new ForecastSums(
          1_000_000,
          640_000,
          31_250_000_000L,
          Long.MAX_VALUE / 3,
          2_500_000_000_000_000L,
          12_000_000_000L,
          9_000_000_000L,
          87_000_000_000L,
          45_000);

  ForecastSumsSerdeTest() {
    super(
        new ForecastSumsSerde(),
        LARGE,
        ForecastSums.class,
        ForecastSumsSerde.FORMAT_VERSION,
        "forecast sums");
  }

  @Test
  void sumsSurviveTheCompactFormatExactly() {
    // A group emptied by moves goes through zeros and may pass negative sums on the way
    for (ForecastSums sums :
        List.of(
            LARGE,
            ForecastSums.NONE,
            new ForecastSums(1, 0, 250_000, 0, 0, 250_000, 187_500, 0, 0),
            new ForecastSums(-1, -1, -5, Long.MIN_VALUE, -7, 0, 0, -100, -2))) {
      assertThat(roundTrip(sums)).isEqualTo(sums);
    }
  }

  @Test
  void theCompactFormatIsAFractionOfSmile() {
    byte[] compact = new ForecastSumsSerde().serializer().serialize("t", LARGE);
    byte[] earlier = StateSerde.of(ForecastSums.class).serializer().serialize("t", LARGE);

    assertThat(compact.length).isLessThan(earlier.length / 2);
  }
}
