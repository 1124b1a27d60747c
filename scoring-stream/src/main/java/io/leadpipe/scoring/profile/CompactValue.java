package io.leadpipe.scoring.profile;

import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A store value that is one record in the compact format ({@link Wire}): its format version, the
 * record's fields, the record's end, and nothing after it.
 */
public final class CompactValue {

  private CompactValue() {}

  /**
   * {@code value}'s bytes: {@code version}, then the fields {@code fields} writes, then the end.
   */
  public static <T> byte[] encode(byte version, T value, BiConsumer<BinaryWriter, T> fields) {
    BinaryWriter w = BinaryWriter.forThisThread();
    w.varInt(version);
    fields.accept(w, value);
    w.endRecord();
    return w.toByteArray();
  }

  /**
   * The value {@code record} reads from {@code bytes} (its fields up to and with the end); a
   * version other than {@code version}, corrupt bytes or bytes after the end fail with {@code
   * cannotRead} and what is wrong.
   */
  public static <T> T decode(
      byte[] bytes, byte version, String cannotRead, Function<BinaryReader, T> record) {
    BinaryReader r = BinaryReader.afterVersion(bytes, version, cannotRead);
    try {
      T value = record.apply(r);
      if (!r.atEnd()) {
        throw r.corrupt((bytes.length - r.position()) + " bytes after the end of the record");
      }
      return value;
    } catch (RuntimeException e) {
      throw new SerializationException(cannotRead + e.getMessage(), e);
    }
  }
}
