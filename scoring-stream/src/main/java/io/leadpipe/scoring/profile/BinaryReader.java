package io.leadpipe.scoring.profile;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads the compact state format (see {@link Wire}). Every length and count is checked against the
 * bytes left before anything is allocated, and every read moves forward or fails, so corrupt or
 * truncated bytes end in a {@link SerializationException}: never a huge allocation or an endless
 * loop.
 */
public final class BinaryReader {

  /** Deeper nesting (records, lists, maps) than any state has: only corrupt bytes get there. */
  static final int MAX_DEPTH = 32;

  private static final int VARINT_PAYLOAD_BITS = 7;
  private static final int VARINT_PAYLOAD_MASK = 0x7F;
  private static final int VARINT_CONTINUATION = 0x80;
  private static final int MAX_NANOS = 999_999_999;

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] buf;
  private int pos;
  private int depth;
  private long baseMillis;
  private long baseSeconds;
  private int doubleMapValueType;

  /** The latest instant read in the millis form, and its raw varint. */
  private Instant lastInstant;

  private long lastInstantRaw;

  public BinaryReader(byte[] buf, int offset) {
    this.buf = buf;
    this.pos = offset;
  }

  /**
   * A reader of {@code bytes} after their first byte, which must be {@code version}.
   *
   * @param cannotRead what the error message starts with, naming what was being read
   * @throws SerializationException saying which version the bytes were written in (a newer version
   *     of leadpipe's, or no compact format at all) and which this version reads
   */
  public static BinaryReader afterVersion(byte[] bytes, byte version, String cannotRead) {
    if (bytes.length == 0 || bytes[0] != version) {
      throw new SerializationException(
          cannotRead
              + (Wire.isCompact(bytes)
                  ? "written in format version " + bytes[0] + " (a newer version?); "
                  : "not in the compact format; ")
              + "this version reads format version "
              + version);
    }
    return new BinaryReader(bytes, 1);
  }

  /** Instants read from now on are relative to this (as the writer's {@code base}). */
  void base(long epochMillis) {
    if (Math.abs(epochMillis)
        >= BinaryWriter.MAX_MILLIS_FORM_SECONDS * BinaryWriter.MILLIS_PER_SECOND) {
      throw corrupt("base time out of range: " + epochMillis);
    }
    baseMillis = epochMillis;
    baseSeconds = Math.floorDiv(epochMillis, BinaryWriter.MILLIS_PER_SECOND);
  }

  long baseMillis() {
    return baseMillis;
  }

  public boolean atEnd() {
    return pos == buf.length;
  }

  public int position() {
    return pos;
  }

  // --- fields: the key was read; each checks the wire type it carries

  int intField(int key) {
    long value = longField(key);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw corrupt("field " + Wire.fieldId(key) + " does not fit an int: " + value);
    }
    return (int) value;
  }

  public long longField(int key) {
    expect(key, Wire.VARINT);
    return zigZag();
  }

  /** A double, written with its bits or scaled (whichever was smaller). */
  public double doubleField(int key) {
    if (Wire.wireType(key) == Wire.SCALED) {
      return scaled();
    }
    expect(key, Wire.FIXED64);
    return doubleValue();
  }

  public String stringField(int key) {
    expect(key, Wire.BYTES);
    return string();
  }

  Instant instantField(int key) {
    expect(key, Wire.INSTANT);
    return instant();
  }

  /** Enters a nested record: read its fields with {@link #key()} until {@link Wire#END}. */
  public void recordField(int key) {
    expect(key, Wire.RECORD);
    enter();
  }

  /** The count of a list whose elements have the wire type; the elements follow. */
  public int listField(int key, int elementType) {
    expect(key, Wire.LIST);
    int count = varInt();
    int actual = wireTypeByte();
    if (actual != elementType) {
      throw corrupt(
          "list field "
              + Wire.fieldId(key)
              + " holds wire type "
              + actual
              + ", not "
              + elementType);
    }
    return checkedCount(count, Wire.minimumSize(elementType));
  }

  /** A list field of strings, whole. */
  public List<String> strings(int key) {
    String[] values = new String[listField(key, Wire.BYTES)];
    for (int i = 0; i < values.length; i++) {
      values[i] = string();
    }
    return List.of(values);
  }

  /** A list field of doubles, whole. */
  public double[] doubles(int key) {
    double[] values = new double[listField(key, Wire.FIXED64)];
    for (int i = 0; i < values.length; i++) {
      values[i] = doubleValue();
    }
    return values;
  }

  /** The count of a map with these key and value wire types; the pairs follow. */
  public int mapField(int key, int keyType, int valueType) {
    expect(key, Wire.MAP);
    int count = varInt();
    int actualKey = wireTypeByte();
    int actualValue = wireTypeByte();
    if (actualKey != keyType || actualValue != valueType) {
      throw corrupt(
          "map field "
              + Wire.fieldId(key)
              + " holds wire types "
              + actualKey
              + "/"
              + actualValue
              + ", not "
              + keyType
              + "/"
              + valueType);
    }
    return checkedCount(count, Wire.minimumSize(keyType) + Wire.minimumSize(valueType));
  }

  /**
   * The count of a map of strings to doubles, whose values are all written with their bits or all
   * scaled: read each with {@link #doubleMapValue()}.
   */
  public int doubleMapField(int key) {
    expect(key, Wire.MAP);
    int count = varInt();
    int keyType = wireTypeByte();
    int valueType = wireTypeByte();
    if (keyType != Wire.BYTES || (valueType != Wire.FIXED64 && valueType != Wire.SCALED)) {
      throw corrupt(
          "map field "
              + Wire.fieldId(key)
              + " holds wire types "
              + keyType
              + "/"
              + valueType
              + ", not strings to doubles");
    }
    doubleMapValueType = valueType;
    return checkedCount(count, Wire.minimumSize(keyType) + Wire.minimumSize(valueType));
  }

  public double doubleMapValue() {
    return doubleMapValueType == Wire.SCALED ? scaled() : doubleValue();
  }

  /** Enters a record that is a list element or map value (no key of its own). */
  void enter() {
    if (++depth > MAX_DEPTH) {
      throw corrupt("records nested deeper than " + MAX_DEPTH);
    }
  }

  /** Leaves a record once its {@link Wire#END} was read. */
  public void exit() {
    depth--;
  }

  /** A field this reader does not know, written by a newer writer: passed over. */
  public void skip(int key) {
    skipValue(Wire.wireType(key));
  }

  // --- bare values

  /** The next field's key, or {@link Wire#END}. */
  public int key() {
    return varInt();
  }

  public long zigZag() {
    return unZigZag(varLong());
  }

  double doubleValue() {
    return Double.longBitsToDouble(fixed64());
  }

  long fixed64() {
    require(Long.BYTES);
    long bits = (long) LONG_LE.get(buf, pos);
    pos += Long.BYTES;
    return bits;
  }

  double scaled() {
    long raw = varLong();
    return unZigZag(raw >>> Wire.SCALE_BITS) / Wire.SCALES[(int) (raw & Wire.SCALE_MASK)];
  }

  public String string() {
    int length = checkedCount(varInt(), 1);
    String value = new String(buf, pos, length, StandardCharsets.UTF_8);
    pos += length;
    return value;
  }

  Instant instant() {
    long raw = varLong();
    long delta = unZigZag(raw >>> 1);
    if ((raw & 1) == 0) {
      // A state repeats instants (a signal's asOf and lastAt, the traits told together): one
      // object for a run of equal ones. Instant is immutable, so sharing it is safe.
      if (lastInstant == null || raw != lastInstantRaw) {
        lastInstant = Instant.ofEpochMilli(Math.addExact(baseMillis, delta));
        lastInstantRaw = raw;
      }
      return lastInstant;
    }
    int nanos = varInt();
    if (nanos < 0 || nanos > MAX_NANOS) {
      throw corrupt("instant nanos out of range: " + nanos);
    }
    return Instant.ofEpochSecond(Math.addExact(baseSeconds, delta), nanos);
  }

  public int varInt() {
    long value = varLong();
    if (value >>> Integer.SIZE != 0) {
      throw corrupt("varint does not fit 32 bits at byte " + pos);
    }
    return (int) value;
  }

  long varLong() {
    long value = 0;
    for (int shift = 0; shift < Long.SIZE; shift += VARINT_PAYLOAD_BITS) {
      if (pos >= buf.length) {
        throw truncated();
      }
      int b = buf[pos++];
      value |= (long) (b & VARINT_PAYLOAD_MASK) << shift;
      if ((b & VARINT_CONTINUATION) == 0) {
        return value;
      }
    }
    throw corrupt("varint longer than " + BinaryWriter.MAX_VARINT_BYTES + " bytes at byte " + pos);
  }

  public SerializationException corrupt(String why) {
    return new SerializationException(why);
  }

  private static long unZigZag(long raw) {
    return (raw >>> 1) ^ -(raw & 1);
  }

  private void skipValue(int wireType) {
    switch (wireType) {
      case Wire.VARINT, Wire.SCALED -> varLong();
      case Wire.FIXED64 -> skipBytes(Long.BYTES);
      case Wire.BYTES -> skipBytes(varInt());
      case Wire.INSTANT -> instant();
      case Wire.RECORD -> {
        enter();
        for (int key = key(); key != Wire.END; key = key()) {
          skip(key);
        }
        exit();
      }
      case Wire.LIST -> {
        int count = varInt();
        int elementType = wireTypeByte();
        checkedCount(count, Wire.minimumSize(elementType));
        enter();
        for (int i = 0; i < count; i++) {
          skipValue(elementType);
        }
        exit();
      }
      case Wire.MAP -> {
        int count = varInt();
        int keyType = wireTypeByte();
        int valueType = wireTypeByte();
        checkedCount(count, Wire.minimumSize(keyType) + Wire.minimumSize(valueType));
        enter();
        for (int i = 0; i < count; i++) {
          skipValue(keyType);
          skipValue(valueType);
        }
        exit();
      }
      default -> throw corrupt("unknown wire type " + wireType + " at byte " + pos);
    }
  }

  private void skipBytes(int length) {
    require(length);
    pos += length;
  }

  private int wireTypeByte() {
    require(1);
    int type = buf[pos++];
    if (!Wire.isKnown(type)) {
      throw corrupt("unknown wire type " + type + " at byte " + (pos - 1));
    }
    return type;
  }

  private void expect(int key, int wireType) {
    if (Wire.wireType(key) != wireType) {
      throw corrupt(
          "field "
              + Wire.fieldId(key)
              + " has wire type "
              + Wire.wireType(key)
              + ", expected "
              + wireType
              + " (byte "
              + pos
              + ")");
    }
  }

  /**
   * A count of elements of at least {@code minimumSize} bytes each that the bytes left can hold.
   */
  private int checkedCount(int count, int minimumSize) {
    if (count < 0 || (long) count * minimumSize > buf.length - pos) {
      throw corrupt(
          "count "
              + Integer.toUnsignedString(count)
              + " at byte "
              + pos
              + " exceeds the bytes left");
    }
    return count;
  }

  private void require(int length) {
    if (length < 0 || length > buf.length - pos) {
      throw truncated();
    }
  }

  private SerializationException truncated() {
    return corrupt("truncated: " + buf.length + " bytes, more expected at byte " + pos);
  }
}
