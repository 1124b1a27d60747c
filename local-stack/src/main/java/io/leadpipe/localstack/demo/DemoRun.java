package io.leadpipe.localstack.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.function.LongSupplier;

/**
 * One run of the demo on a data directory. The seed is kept in the data directory and every start
 * counts as a new run: a restart continues with new shoppers instead of replaying the visitors
 * already in Kafka, while the same seed on a fresh data directory gives the same shoppers again.
 *
 * @param seed the demo's seed (given, or the data directory's)
 * @param run how many times the demo has started with this seed in this data directory, from 1
 */
public record DemoRun(long seed, int run) {

  public static final String STATE_FILE = "demo.properties";
  private static final String SEED_KEY = "seed";
  private static final String RUNS_KEY_PREFIX = "runs.";

  /** The golden-ratio increment of SplittableRandom: consecutive runs get far-apart streams. */
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  /**
   * Claims the next run: reads {@code <dir>/demo.properties}, counts this run and writes it back.
   *
   * @param requestedSeed the seed asked for, or empty to reuse the directory's (or {@code
   *     newSeed}'s on first use)
   */
  public static DemoRun next(Path dir, OptionalLong requestedSeed, LongSupplier newSeed) {
    Path file = dir.resolve(STATE_FILE);
    Properties state = new Properties();
    try {
      Files.createDirectories(dir);
      if (Files.exists(file)) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          state.load(in);
        }
      }
      long seed =
          requestedSeed.isPresent()
              ? requestedSeed.getAsLong()
              : state.containsKey(SEED_KEY)
                  ? Long.parseLong(state.getProperty(SEED_KEY))
                  : newSeed.getAsLong();
      int run = Integer.parseInt(state.getProperty(RUNS_KEY_PREFIX + seed, "0")) + 1;
      state.setProperty(SEED_KEY, Long.toString(seed));
      state.setProperty(RUNS_KEY_PREFIX + seed, Integer.toString(run));
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        state.store(out, "leadpipe demo traffic: the seed, and the runs started per seed");
      }
      return new DemoRun(seed, run);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write the demo state " + file, e);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "The demo state "
              + file
              + " is damaged ("
              + e.getMessage()
              + "); delete it to start the demo afresh",
          e);
    }
  }

  /**
   * The seed of this run's random streams: a different stream per run, the same for the same run.
   */
  public long runSeed() {
    return mix64(seed + run * GOLDEN_GAMMA);
  }

  /**
   * SplittableRandom's finaliser: spreads every input bit over all 64 (java.util.Random uses only
   * 48).
   */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
