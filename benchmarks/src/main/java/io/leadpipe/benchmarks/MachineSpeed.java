package io.leadpipe.benchmarks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * How fast the machine's cores are right now: a fixed piece of single-thread work (SHA-256 digests
 * of one buffer), timed a few times and the median taken. A build VM shares its host's cores with
 * other guests, and runs of one tree have differed by a factor of two or more in the latency rows
 * while every JVM of the run also used a fifth more CPU for the same events: read beside those
 * rows, this tells a slow machine from slow code.
 */
final class MachineSpeed {

  private static final int BUFFER_BYTES = 1 << 20;

  /** Digests of the buffer per timing: about 50 ms on this project's build VM. */
  private static final int DIGESTS_PER_TIMING = 64;

  private static final int TIMINGS = 5;

  private static final byte[] BUFFER = new byte[BUFFER_BYTES];

  /** What {@link #millis} times, for the report's rows. */
  static final String WORK =
      "fixed single-thread work (SHA-256 of "
          + (long) BUFFER_BYTES * DIGESTS_PER_TIMING / (1 << 20)
          + " MiB)";

  static {
    for (int i = 0; i < BUFFER.length; i++) {
      BUFFER[i] = (byte) i;
    }
  }

  private MachineSpeed() {}

  /** Milliseconds the fixed work takes now: the median of {@link #TIMINGS} timings. */
  static double millis() {
    double[] timings = new double[TIMINGS];
    for (int t = 0; t < TIMINGS; t++) {
      long start = System.nanoTime();
      work();
      timings[t] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(timings);
    return timings[TIMINGS / 2];
  }

  private static void work() {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    byte[] digest = new byte[0];
    for (int i = 0; i < DIGESTS_PER_TIMING; i++) {
      sha.update(digest);
      sha.update(BUFFER);
      digest = sha.digest();
    }
    if (digest.length == 0) {
      throw new IllegalStateException("no digest");
    }
  }
}
