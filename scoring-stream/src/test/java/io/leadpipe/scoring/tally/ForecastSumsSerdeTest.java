package io.leadpipe.scoring.tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.scoring.forecast.ForecastSums;
import io.leadpipe.streams.state.StateSerde;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ForecastSumsSerdeTest {

  private final ForecastSumsSerde serde = new ForecastSumsSerde();

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

  private ForecastSums roundTrip(ForecastSums sums) {
    return serde.deserializer().deserialize("t", serde.serializer().serialize("t", sums));
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
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void sumsWrittenByAnEarlierVersionAsSmileAreRead() {
    byte[] earlier = StateSerde.of(ForecastSums.class).serializer().serialize("t", LARGE);

    assertThat(StateSerde.isSmile(earlier)).isTrue();
    assertThat(serde.deserializer().deserialize("t", earlier)).isEqualTo(LARGE);
  }

  @Test
  void theCompactFormatIsAFractionOfSmile() {
    byte[] compact = serde.serializer().serialize("t", LARGE);
    byte[] earlier = StateSerde.of(ForecastSums.class).serializer().serialize("t", LARGE);

    assertThat(compact[0]).isEqualTo(ForecastSumsSerde.FORMAT_VERSION);
    assertThat(compact.length).isLessThan(earlier.length / 2);
  }

  @Test
  void sumsOfANewerFormatOrCorruptBytesFailWithWhatIsWrong() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {0x02, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("format version 2");
    byte[] sums = serde.serializer().serialize("t", LARGE);
    byte[] truncated = Arrays.copyOf(sums, sums.length - 3);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("forecast sums");
  }
}
