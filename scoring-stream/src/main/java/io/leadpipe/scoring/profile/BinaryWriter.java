package io.leadpipe.scoring.profile;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes the compact state format (see {@link Wire}) into a growable byte array. Field methods
 * leave out default values (zero, null): the reader restores them, so they cost no byte.
 */
public final class BinaryWriter {

  /** Enough for a typical visitor's state without growing. */
  private static final int INITIAL_CAPACITY = 2_048;

  /** A thread's writer keeps a buffer up to this size; a larger one (a rare state) is let go. */
  private static final int MAX_KEPT_CAPACITY = 64 * 1_024;

  /**
   * One writer per thread, reused: the state is written on every event, and a fresh buffer each
   * time is garbage the copy out of it already makes.
   */
  private static final ThreadLocal<BinaryWriter> PER_THREAD =
      ThreadLocal.withInitial(BinaryWriter::new);

  /** The most bytes a varint of a long takes (7 bits each). */
  static final int MAX_VARINT_BYTES = 10;

  private static final int VARINT_PAYLOAD_BITS = 7;
  private static final int VARINT_PAYLOAD_MASK = 0x7F;
  private static final int VARINT_CONTINUATION = 0x80;

  /** Instants within this many seconds of the epoch may use the millis form without overflow. */
  static final long MAX_MILLIS_FORM_SECONDS = 1L << 40;

  static final int MILLIS_PER_SECOND = 1_000;
  static final int NANOS_PER_MILLI = 1_000_000;

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Scaled values stay below this many units, so that they are exact and shift without loss. */
  static final long MAX_SCALED_UNITS = 1L << 53;

  private byte[] buf = new byte[INITIAL_CAPACITY];
  private int pos;
  private long baseMillis;
  private long baseSeconds;

  /**
   * Instants written from now on are relative to {@code base} (written by the caller, so the reader
   * can do the same); the epoch when there is none or it is too far out for the millis form.
   */
  void base(Instant base) {
    baseMillis = base == null ? 0 : millisFormOrZero(base);
    baseSeconds = Math.floorDiv(baseMillis, MILLIS_PER_SECOND);
  }

  long baseMillis() {
    return baseMillis;
  }

  /** This thread's writer, emptied. Not reentrant: one encoding at a time per thread. */
  public static BinaryWriter forThisThread() {
    BinaryWriter w = PER_THREAD.get();
    if (w.buf.length > MAX_KEPT_CAPACITY) {
      w.buf = new byte[INITIAL_CAPACITY];
    }
    w.pos = 0;
    w.baseMillis = 0;
    w.baseSeconds = 0;
    return w;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  // --- fields: key then value; default values are left out

  void intField(int fieldId, int value) {
    longField(fieldId, value);
  }

  public void longField(int fieldId, long value) {
    if (value != 0) {
      key(fieldId, Wire.VARINT);
      zigZag(value);
    }
  }

  /** Positive zero is left out; -0.0 and NaN are written with their exact bits. */
  public void doubleField(int fieldId, double value) {
    if (Double.doubleToRawLongBits(value) != 0) {
      anyDouble(fieldId, value);
    }
  }

  /** A boxed double: null is left out, every other value (zero too) written. */
  public void doubleField(int fieldId, Double value) {
    if (value != null) {
      anyDouble(fieldId, value);
    }
  }

  private void anyDouble(int fieldId, double value) {
    int scale = scaleOf(value);
    if (scale >= 0) {
      key(fieldId, Wire.SCALED);
      scaled(value, scale);
    } else {
      key(fieldId, Wire.FIXED64);
      doubleValue(value);
    }
  }

  /**
   * The index of the smallest {@link Wire#SCALES scale} at which the value is a whole number of
   * units and reads back with exactly the same bits, or -1.
   */
  static int scaleOf(double value) {
    for (int i = 0; i < Wire.SCALES.length; i++) {
      double units = value * Wire.SCALES[i];
      // rint first: a value that is no whole number of units costs no division.
      if (units == Math.rint(units) && Math.abs(units) < MAX_SCALED_UNITS) {
        long whole = (long) units;
        if (Double.doubleToRawLongBits(whole / Wire.SCALES[i])
            == Double.doubleToRawLongBits(value)) {
          return i;
        }
      }
    }
    return -1;
  }

  /** A value at the scale {@link #scaleOf} found for it. */
  void scaled(double value, int scale) {
    long whole = (long) (value * Wire.SCALES[scale]);
    varLong(zigZagged(whole) << Wire.SCALE_BITS | scale);
  }

  public void stringField(int fieldId, String value) {
    if (value != null) {
      key(fieldId, Wire.BYTES);
      string(value);
    }
  }

  void instantField(int fieldId, Instant value) {
    if (value != null) {
      key(fieldId, Wire.INSTANT);
      instant(value);
    }
  }

  /** Opens a nested record: its fields follow, then {@link #endRecord()}. */
  public void beginRecord(int fieldId) {
    key(fieldId, Wire.RECORD);
  }

  public void endRecord() {
    varInt(Wire.END);
  }

  /** A list field of strings; left out when empty (a reader's default). */
  public void strings(int fieldId, List<String> values) {
    if (!values.isEmpty()) {
      listField(fieldId, values.size(), Wire.BYTES);
      for (String v : values) {
        string(v);
      }
    }
  }

  /** A list field of doubles with their exact bits; left out when empty (a reader's default). */
  public void doubles(int fieldId, double[] values) {
    if (values.length > 0) {
      listField(fieldId, values.length, Wire.FIXED64);
      for (double v : values) {
        doubleValue(v);
      }
    }
  }

  /** Opens a list of {@code count} (more than zero) elements of the wire type; they follow. */
  public void listField(int fieldId, int count, int elementType) {
    key(fieldId, Wire.LIST);
    varInt(count);
    ensure(1);
    buf[pos++] = (byte) elementType;
  }

  /** Opens a map of {@code count} (more than zero) entries; key, value, key, value... follow. */
  public void mapField(int fieldId, int count, int keyType, int valueType) {
    key(fieldId, Wire.MAP);
    varInt(count);
    ensure(2);
    buf[pos++] = (byte) keyType;
    buf[pos++] = (byte) valueType;
  }

  /**
   * A map of strings to doubles: scaled when every value can be (the common case: counts and
   * scores), else all with their bits.
   */
  void doubleMapField(int fieldId, Map<String, Double> values) {
    doubleMapField(fieldId, values, Function.identity());
  }

  /**
   * A map to doubles whose keys are written as the strings {@code name} gives them, read back as a
   * map of strings to doubles: no copy of the map on the way.
   */
  public <K> void doubleMapField(
      int fieldId, Map<K, Double> values, Function<? super K, String> name) {
    if (values.isEmpty()) {
      return;
    }
    boolean scaled = true;
    for (Double v : values.values()) {
      scaled &= scaleOf(v) >= 0;
    }
    mapField(fieldId, values.size(), Wire.BYTES, scaled ? Wire.SCALED : Wire.FIXED64);
    for (Map.Entry<K, Double> e : values.entrySet()) {
      string(name.apply(e.getKey()));
      if (scaled) {
        scaled(e.getValue(), scaleOf(e.getValue()));
      } else {
        doubleValue(e.getValue());
      }
    }
  }

  // --- bare values (list elements, map keys and values)

  void key(int fieldId, int wireType) {
    varInt(Wire.key(fieldId, wireType));
  }

  public void zigZag(long value) {
    varLong(zigZagged(value));
  }

  void fixed64(long bits) {
    ensure(Long.BYTES);
    LONG_LE.set(buf, pos, bits);
    pos += Long.BYTES;
  }

  void doubleValue(double value) {
    fixed64(Double.doubleToRawLongBits(value));
  }

  /**
   * Through String.getBytes: its intrinsics copy an ASCII string faster than a loop over the chars
   * writing straight into the buffer, even with the extra array (measured).
   */
  public void string(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    varInt(utf8.length);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, buf, pos, utf8.length);
    pos += utf8.length;
  }

  void instant(Instant value) {
    long seconds = value.getEpochSecond();
    int nanos = value.getNano();
    if (nanos % NANOS_PER_MILLI == 0 && Math.abs(seconds) < MAX_MILLIS_FORM_SECONDS) {
      long millis = seconds * MILLIS_PER_SECOND + nanos / NANOS_PER_MILLI;
      varLong(zigZagged(millis - baseMillis) << 1);
    } else {
      varLong(zigZagged(seconds - baseSeconds) << 1 | 1);
      varInt(nanos);
    }
  }

  /** The instant's epoch millis (finer parts dropped), or 0 if it is beyond the millis form. */
  private static long millisFormOrZero(Instant value) {
    long seconds = value.getEpochSecond();
    return Math.abs(seconds) < MAX_MILLIS_FORM_SECONDS
        ? seconds * MILLIS_PER_SECOND + value.getNano() / NANOS_PER_MILLI
        : 0;
  }

  public void varInt(int value) {
    varLong(Integer.toUnsignedLong(value));
  }

  void varLong(long value) {
    ensure(MAX_VARINT_BYTES);
    while ((value & ~VARINT_PAYLOAD_MASK) != 0) {
      buf[pos++] = (byte) ((value & VARINT_PAYLOAD_MASK) | VARINT_CONTINUATION);
      value >>>= VARINT_PAYLOAD_BITS;
    }
    buf[pos++] = (byte) value;
  }

  static long zigZagged(long value) {
    return (value << 1) ^ (value >> (Long.SIZE - 1));
  }

  private void ensure(int more) {
    if (buf.length - pos < more) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }
}
