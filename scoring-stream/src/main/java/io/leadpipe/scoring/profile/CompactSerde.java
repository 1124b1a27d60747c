package io.leadpipe.scoring.profile;

import io.leadpipe.streams.state.StateSerde;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A store's value serde in the compact format ({@link CompactValue}: a format version, the record's
 * fields, its end) that still reads the values earlier versions wrote as Smile ({@link
 * StateSerde}); the next write of such a value rewrites it compactly. A subclass gives its record's
 * fields; its reader passes over field ids it does not know, so a later version may add fields.
 */
public abstract class CompactSerde<T> implements Serde<T> {

  private final byte formatVersion;
  private final String cannotRead;
  private final Deserializer<T> earlier;

  /**
   * @param formatVersion the first byte of this format: one of those {@link Wire} keeps for
   *     versions
   * @param cannotRead how a read error begins, naming the value ("cannot read …: ")
   * @param earlierType the record earlier versions wrote as Smile
   */
  protected CompactSerde(byte formatVersion, String cannotRead, Class<T> earlierType) {
    this.formatVersion = formatVersion;
    this.cannotRead = cannotRead;
    this.earlier = StateSerde.of(earlierType).deserializer();
  }

  /** Writes the value's fields. */
  protected abstract void write(BinaryWriter w, T value);

  /** Reads the fields up to and with the record's end. */
  protected abstract T read(BinaryReader r);

  @Override
  public final Serializer<T> serializer() {
    return (topic, value) ->
        value == null ? null : CompactValue.encode(formatVersion, value, this::write);
  }

  @Override
  public final Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      return Wire.isCompact(bytes)
          ? CompactValue.decode(bytes, formatVersion, cannotRead, this::read)
          : earlier.deserialize(topic, bytes);
    };
  }
}
