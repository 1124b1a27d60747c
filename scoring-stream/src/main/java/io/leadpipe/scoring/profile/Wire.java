package io.leadpipe.scoring.profile;

/**
 * The wire types of the compact state format. Every value on the wire carries one, so a reader can
 * skip a field it does not know (added by a newer writer) without knowing its meaning: the
 * difference that lets the state gain fields across a rolling upgrade.
 *
 * <p>A field is a key (varint of {@code fieldId << KEY_SHIFT | wireType}) followed by its value; a
 * record is its fields followed by {@link #END}. Field id 0 is never used, so {@link #END} cannot
 * be mistaken for a field.
 *
 * <p>Public, with {@link BinaryWriter} and {@link BinaryReader}, for the query stores' values
 * ({@code tally.VisitorTallySerde}, {@code tally.IndexEntrySerde}), which use the same format.
 */
public final class Wire {

  /** Ends a record's fields. */
  public static final int END = 0;

  /** A zig-zag varint: int, long, epoch day. */
  public static final int VARINT = 0;

  /** Eight bytes, little-endian: the raw bits of a double (NaN and -0.0 kept as they are). */
  static final int FIXED64 = 1;

  /** A varint length, then that many bytes: a UTF-8 string. */
  public static final int BYTES = 2;

  /** Fields followed by {@link #END}. */
  static final int RECORD = 3;

  /**
   * An instant, relative to the base time in the state's header: a varint of the zig-zag millis
   * from the base shifted left by one when the instant has no finer part, else of the zig-zag
   * seconds from the base shifted left by one with the low bit set, followed by a varint of the
   * nanos. Event times are millis near the visitor's latest one, so a short varint is the usual
   * case.
   */
  static final int INSTANT = 4;

  /** A varint count, the elements' wire type (one byte), then the elements without keys. */
  static final int LIST = 5;

  /**
   * A varint count, the keys' wire type and the values' wire type (one byte each), then the
   * key-value pairs without keys.
   */
  static final int MAP = 6;

  /**
   * A double that is a whole number of units, tenths, hundredths or thousandths (scores, prices,
   * confidences): a varint of the zig-zag count of them shifted left by {@link #SCALE_BITS}, the
   * low bits holding which. Two or three bytes instead of eight; written only when dividing gives
   * back exactly the same bits.
   */
  static final int SCALED = 7;

  /** Bits of a {@link #SCALED} value that hold the index of its scale. */
  static final int SCALE_BITS = 2;

  static final int SCALE_MASK = (1 << SCALE_BITS) - 1;

  /** The scales of {@link #SCALED} values, by index (never reordered: the index is on the wire). */
  static final double[] SCALES = {1, 10, 100, 1_000};

  /** Bits of a key that hold the wire type. */
  static final int KEY_SHIFT = 3;

  static final int WIRE_TYPE_MASK = (1 << KEY_SHIFT) - 1;

  /**
   * The first bytes kept for versions of a compact format (the state's and the query stores'):
   * control characters. Smile starts with ':' and JSON text with '{', '[' or whitespace, so no such
   * byte can start what earlier versions stored.
   */
  static final byte FIRST_RESERVED_VERSION = 0x01;

  static final byte LAST_RESERVED_VERSION = 0x08;

  private Wire() {}

  /** Whether the bytes are in a compact format (of any version), not Smile or JSON text. */
  public static boolean isCompact(byte[] bytes) {
    return bytes.length > 0
        && bytes[0] >= FIRST_RESERVED_VERSION
        && bytes[0] <= LAST_RESERVED_VERSION;
  }

  static int key(int fieldId, int wireType) {
    return fieldId << KEY_SHIFT | wireType;
  }

  public static int fieldId(int key) {
    return key >>> KEY_SHIFT;
  }

  static int wireType(int key) {
    return key & WIRE_TYPE_MASK;
  }

  /** The fewest bytes one value of the wire type takes: bounds a count read from the wire. */
  static int minimumSize(int wireType) {
    return wireType == FIXED64 ? Long.BYTES : 1;
  }

  static boolean isKnown(int wireType) {
    return wireType >= VARINT && wireType <= SCALED;
  }
}
