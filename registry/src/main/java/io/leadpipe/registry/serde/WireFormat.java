package io.leadpipe.registry.serde;

/**
 * Confluent's framing: one magic byte 0x00, a 4-byte big-endian schema id, then the Avro binary
 * body.
 */
public final class WireFormat {
  public static final byte MAGIC_BYTE = 0x0;
  public static final int ID_SIZE = Integer.BYTES;
  public static final int HEADER_SIZE = 1 + ID_SIZE;

  private WireFormat() {}
}
