package io.leadpipe.streams.state;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serde of a cached store that is read more often than it changes: a value read back
 * through the record cache is the object last written or read for that very byte array, not a fresh
 * decode of it. Streams' record cache hands out the array a put stored until the entry is evicted,
 * so the reads that follow a write within a commit interval (the next input of the same visitor,
 * the publish, its timers) decode nothing; an array read from RocksDB is new and decoded.
 *
 * <p>Sound only for values that are immutable and survive the wrapped serde's round trip exactly
 * (equal after decoding): the object a reader gets is then indistinguishable from a decode of the
 * bytes. Keyed by the array's identity, never its content, so nothing from an aborted transaction
 * can come back: Streams drops the cache with the task, and the arrays with it.
 *
 * <p>Each thread keeps its own {@value #SLOTS} slots, placed by the array's identity hash (a slot
 * taken by another array is overwritten): no locking on a stream thread's path, and at most that
 * many values held per thread besides what the cache holds anyway.
 */
public final class DecodeOnceSerde {

  /**
   * Slots per thread: more than the visitors a stream thread publishes in one interval at the
   * benchmark's rates (about 150 at 10,000 events/s and 100 ms), so the write and the reads that
   * follow it within the interval rarely lose their slot to another array.
   */
  static final int SLOTS = 1024;

  private DecodeOnceSerde() {}

  /**
   * @param exact a serde whose values are immutable and equal after a round trip
   */
  public static <T> Serde<T> of(Serde<T> exact) {
    return of(exact, SLOTS);
  }

  /** With another number of slots (a power of two): lets a test make slots collide. */
  static <T> Serde<T> of(Serde<T> exact, int slots) {
    if (Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two, not " + slots);
    }
    ThreadLocal<Slots> perThread = ThreadLocal.withInitial(() -> new Slots(slots));
    Serializer<T> serializer = exact.serializer();
    Deserializer<T> deserializer = exact.deserializer();
    return Serdes.serdeFrom(
        (topic, value) -> {
          byte[] bytes = serializer.serialize(topic, value);
          if (bytes != null && value != null) {
            perThread.get().put(bytes, value);
          }
          return bytes;
        },
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          Slots remembered = perThread.get();
          @SuppressWarnings("unchecked")
          T value = (T) remembered.get(bytes);
          if (value == null) {
            value = deserializer.deserialize(topic, bytes);
            if (value != null) {
              remembered.put(bytes, value);
            }
          }
          return value;
        });
  }

  /** Direct-mapped: one array and its value per slot. */
  private static final class Slots {
    private final byte[][] arrays;
    private final Object[] values;
    private final int mask;

    Slots(int size) {
      arrays = new byte[size][];
      values = new Object[size];
      mask = size - 1;
    }

    Object get(byte[] bytes) {
      int i = System.identityHashCode(bytes) & mask;
      return arrays[i] == bytes ? values[i] : null;
    }

    void put(byte[] bytes, Object value) {
      int i = System.identityHashCode(bytes) & mask;
      arrays[i] = bytes;
      values[i] = value;
    }
  }
}
