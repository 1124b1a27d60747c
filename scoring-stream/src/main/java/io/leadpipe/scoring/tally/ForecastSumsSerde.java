package io.leadpipe.scoring.tally;

import io.leadpipe.scoring.forecast.ForecastSums;
import io.leadpipe.scoring.profile.Wire;
import io.leadpipe.streams.state.StateSerde;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The forecast store's value serde: a group's fixed-point sums in the compact format ({@link
 * #FORMAT_VERSION}, then the sums' fields and the record's end). A few group keys are read and
 * written once per visitor whose share moves, so this is on the path of every publish that changes
 * a forecast and of every profile a re-evaluation moves. It also reads the sums of earlier versions
 * (Smile, {@link StateSerde}), which the next move of their group rewrites in this format.
 */
public final class ForecastSumsSerde implements Serde<ForecastSums> {

  /** The first byte of this format: one of those {@link Wire} keeps for versions. */
  static final byte FORMAT_VERSION = 0x01;

  private static final String CANNOT_READ = "cannot read forecast sums: ";

  private final Deserializer<ForecastSums> earlier =
      StateSerde.of(ForecastSums.class).deserializer();

  @Override
  public Serializer<ForecastSums> serializer() {
    return (topic, sums) -> sums == null ? null : encode(sums);
  }

  @Override
  public Deserializer<ForecastSums> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      return Wire.isCompact(bytes) ? decode(bytes) : earlier.deserialize(topic, bytes);
    };
  }

  static byte[] encode(ForecastSums sums) {
    return CompactValue.encode(FORMAT_VERSION, sums, ForecastSumsFormat::write);
  }

  static ForecastSums decode(byte[] bytes) {
    return CompactValue.decode(bytes, FORMAT_VERSION, CANNOT_READ, ForecastSumsFormat::read);
  }
}
