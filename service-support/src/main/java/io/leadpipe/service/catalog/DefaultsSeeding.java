package io.leadpipe.service.catalog;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the default entries of a {@link CompactedCatalog} that are missing, in the background, once
 * the catalogue has loaded; retried every {@code retryAfter} while it cannot be loaded or written
 * (Kafka or the schema registry down at start-up), so an outage at the first start does not leave
 * an installation without its defaults.
 */
public final class DefaultsSeeding {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultsSeeding.class);

  private final String what;
  private final CompactedCatalog<?> catalog;
  private final Supplier<List<String>> seedMissing;
  private final Class<? extends RuntimeException> retryOn;
  private final Duration loadTimeout;
  private final Duration retryAfter;
  private volatile Thread seeding;

  /**
   * @param what the entries, in the log's words ("segments")
   * @param seedMissing writes the missing defaults and returns their ids
   * @param retryOn what {@code seedMissing} throws when Kafka is unavailable for now
   */
  public DefaultsSeeding(
      String what,
      CompactedCatalog<?> catalog,
      Supplier<List<String>> seedMissing,
      Class<? extends RuntimeException> retryOn,
      Duration loadTimeout,
      Duration retryAfter) {
    this.what = what;
    this.catalog = catalog;
    this.seedMissing = seedMissing;
    this.retryOn = retryOn;
    this.loadTimeout = loadTimeout;
    this.retryAfter = retryAfter;
  }

  public synchronized void start() {
    if (seeding != null) {
      return;
    }
    Thread thread = new Thread(this::seedUntilDone, "seeding-default-" + what);
    thread.setDaemon(true);
    seeding = thread;
    thread.start();
  }

  public void stop() {
    Thread running = seeding;
    if (running != null) {
      running.interrupt();
    }
  }

  private void seedUntilDone() {
    try {
      while (!seedOnce()) {
        Thread.sleep(retryAfter.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the defaults are in place; false when it is worth trying again later. */
  private boolean seedOnce() throws InterruptedException {
    if (!catalog.awaitLoaded(loadTimeout)) {
      LOG.warn(
          "Catalogue not loaded within {}: default {} not seeded yet, retrying", loadTimeout, what);
      return false;
    }
    try {
      List<String> seeded = seedMissing.get();
      LOG.info("Default {} seeded: {}", what, seeded.isEmpty() ? "none missing" : seeded);
      return true;
    } catch (RuntimeException e) {
      if (!retryOn.isInstance(e)) {
        throw e;
      }
      LOG.warn("Default {} not seeded yet ({}); retrying in {}", what, e.getMessage(), retryAfter);
      return false;
    }
  }
}
