package io.leadpipe.scoring.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.scoring.profile.CompactSerde;
import io.leadpipe.streams.state.StateSerde;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CompactSerde} promises, run by each serde's test: nulls pass through, values
 * earlier versions wrote as Smile are read, the compact bytes start with the format version and are
 * smaller than Smile, and a newer format or corrupt bytes fail naming the value. Each serde's own
 * test adds the round trips of its record's edge cases.
 */
public abstract class CompactSerdeContract<T> {

  private final CompactSerde<T> serde;
  private final T typical;
  private final Class<T> earlierType;
  private final byte formatVersion;
  private final String valueName;

  /**
   * @param serde the serde under test
   * @param typical a value as the store typically holds it
   * @param earlierType the record type earlier versions wrote as Smile
   * @param formatVersion the serde's format version byte
   * @param valueName what a read error calls the value ("forecast sums", "identity group", …)
   */
  protected CompactSerdeContract(
      CompactSerde<T> serde,
      T typical,
      Class<T> earlierType,
      byte formatVersion,
      String valueName) {
    this.serde = serde;
    this.typical = typical;
    this.earlierType = earlierType;
    this.formatVersion = formatVersion;
    this.valueName = valueName;
  }

  /** Fails unless {@code actual} equals {@code expected} exactly. */
  protected void assertSameValue(T actual, T expected) {
    assertThat(actual).isEqualTo(expected);
  }

  protected final T roundTrip(T value) {
    return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
  }

  @Test
  void nullsPassThrough() {
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void valuesWrittenByAnEarlierVersionAsSmileAreRead() {
    byte[] earlier = StateSerde.of(earlierType).serializer().serialize("t", typical);

    assertThat(StateSerde.isSmile(earlier)).isTrue();
    assertSameValue(serde.deserializer().deserialize("t", earlier), typical);
  }

  @Test
  void theCompactFormatStartsWithItsVersionAndIsSmallerThanSmile() {
    byte[] compact = serde.serializer().serialize("t", typical);
    byte[] earlier = StateSerde.of(earlierType).serializer().serialize("t", typical);

    assertThat(compact[0]).isEqualTo(formatVersion);
    assertThat(compact.length).isLessThan(earlier.length);
  }

  @Test
  void aNewerFormatOrCorruptBytesFailWithWhatIsWrong() {
    byte newer = (byte) (formatVersion + 1);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {newer, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("format version " + newer);
    byte[] bytes = serde.serializer().serialize("t", typical);
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(valueName);
  }
}
