package io.leadpipe.scoring.profile;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The message ids a visitor's state applied lately, so a retried message is recognised and dropped
 * (dedupe). Kept in the visitor's own state rather than a store of its own: the state is read and
 * written for every input anyway, so remembering an id costs a few bytes in a record already
 * written, where a window store cost a lookup, a write and a changelog record per input.
 *
 * <p>Each id is kept as a 64-bit hash of its source and message id (the state is the visitor's, so
 * the visitor is implied) with its event time, oldest first. Two ids of one visitor sharing a hash
 * within the window is a chance of about n² / 2⁶⁵ for n ids kept: with a thousand, below one in ten
 * trillion per visitor.
 */
public record RecentMessages(long[] hashes, long[] atMillis) {

  private static final RecentMessages NONE = new RecentMessages(new long[0], new long[0]);

  /** Any fixed seed: hashes are compared only with hashes this class made. */
  private static final long SEED = 0x6c65_6164_7069_7065L;

  private static final XXHash64 XXHASH = XXHashFactory.fastestJavaInstance().hash64();

  /**
   * Pairs of hash and event time (epoch millis), oldest first. The arrays are the state's own: read
   * them, never change them.
   *
   * @throws IllegalArgumentException when the arrays differ in length
   */
  public RecentMessages {
    if (hashes.length != atMillis.length) {
      throw new IllegalArgumentException(
          hashes.length + " message hashes but " + atMillis.length + " times");
    }
  }

  public static RecentMessages none() {
    return NONE;
  }

  /**
   * As read back from the state, in any order (a corrupt or hand-made state is not trusted to be
   * sorted).
   */
  public static RecentMessages of(long[] hashes, long[] atMillis) {
    if (hashes.length == 0 && atMillis.length == 0) {
      return NONE;
    }
    long[] h = hashes.clone();
    long[] t = atMillis.clone();
    sortByTime(h, t);
    return new RecentMessages(h, t);
  }

  /** The hash a message is remembered by: of its id namespaced by source ({@code web:<id>}). */
  public static long hashOf(String namespacedMessageId) {
    byte[] utf8 = namespacedMessageId.getBytes(StandardCharsets.UTF_8);
    return XXHASH.hash(utf8, 0, utf8.length, SEED);
  }

  /** Whether the message was applied at an event time less than {@code windowMillis} from this. */
  public boolean contains(long hash, long atMillis, long windowMillis) {
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] == hash && Math.abs(this.atMillis[i] - atMillis) < windowMillis) {
        return true;
      }
    }
    return false;
  }

  /**
   * These ids and the new one, without those applied before {@code keepFromMillis} and, beyond
   * {@code kept}, the oldest.
   */
  public RecentMessages remember(long hash, long atMillis, long keepFromMillis, int kept) {
    int from = 0;
    while (from < this.atMillis.length && this.atMillis[from] < keepFromMillis) {
      from++;
    }
    int keptOld = Math.min(this.atMillis.length - from, Math.max(kept - 1, 0));
    from = this.atMillis.length - keptOld;
    long[] h = new long[keptOld + 1];
    long[] t = new long[keptOld + 1];
    // Oldest first: the new one goes where its time belongs (a late event is not the newest).
    int insertAt = keptOld;
    while (insertAt > 0 && this.atMillis[from + insertAt - 1] > atMillis) {
      insertAt--;
    }
    System.arraycopy(hashes, from, h, 0, insertAt);
    System.arraycopy(this.atMillis, from, t, 0, insertAt);
    h[insertAt] = hash;
    t[insertAt] = atMillis;
    System.arraycopy(hashes, from + insertAt, h, insertAt + 1, keptOld - insertAt);
    System.arraycopy(this.atMillis, from + insertAt, t, insertAt + 1, keptOld - insertAt);
    return new RecentMessages(h, t);
  }

  public int size() {
    return hashes.length;
  }

  private static void sortByTime(long[] h, long[] t) {
    // Insertion sort: read back in the order written (already sorted), so one pass.
    for (int i = 1; i < t.length; i++) {
      long hi = h[i];
      long ti = t[i];
      int j = i - 1;
      while (j >= 0 && t[j] > ti) {
        h[j + 1] = h[j];
        t[j + 1] = t[j];
        j--;
      }
      h[j + 1] = hi;
      t[j + 1] = ti;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecentMessages other
        && Arrays.equals(hashes, other.hashes)
        && Arrays.equals(atMillis, other.atMillis);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(hashes) + Arrays.hashCode(atMillis);
  }

  /** Counts only: the hashes say nothing to a reader and the times are personal activity. */
  @Override
  public String toString() {
    return "RecentMessages[" + hashes.length + "]";
  }
}
