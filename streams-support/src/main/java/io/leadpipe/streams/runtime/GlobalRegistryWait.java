package io.leadpipe.streams.runtime;

import io.leadpipe.registry.serde.SchemaRegistryUnavailableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoding in a global store's processor, where {@link ManagedStreams}' pause-and-replace cannot
 * help: Kafka Streams cannot replace the global thread (its death shuts the whole client down), so
 * the global thread waits for the registry itself, with exponential backoff. It may: it belongs to
 * no consumer group (no {@code max.poll.interval.ms}) and writes no transaction. Meanwhile the
 * stream threads go on with the global store as it was; at start-up the application stays
 * REBALANCING until the store is loaded. Readiness is DOWN while a global thread waits ({@link
 * #waitingThreads()}, counted for the whole JVM: the thread has no handle on its application, and
 * every application of a service shares the one registry anyway).
 */
public final class GlobalRegistryWait {

  private static final Logger LOG = LoggerFactory.getLogger(GlobalRegistryWait.class);

  private static final AtomicInteger WAITING = new AtomicInteger();

  private final Duration firstBackoff;
  private final Duration maxBackoff;

  public GlobalRegistryWait(Duration firstBackoff, Duration maxBackoff) {
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
  }

  /** With {@link StreamsSettings}' default registry backoff. */
  public static GlobalRegistryWait withDefaults() {
    return new GlobalRegistryWait(
        StreamsSettings.DEFAULT_REGISTRY_BACKOFF, StreamsSettings.DEFAULT_REGISTRY_BACKOFF_MAX);
  }

  /**
   * {@code decode}'s result, calling it again after a backoff for as long as it fails with {@link
   * SchemaRegistryUnavailableException}; any other failure is thrown at once.
   *
   * @throws SchemaRegistryUnavailableException when the thread is interrupted while waiting (the
   *     application is closing)
   */
  public <T> T decode(String what, Supplier<T> decode) {
    try {
      return decode.get();
    } catch (SchemaRegistryUnavailableException e) {
      WAITING.incrementAndGet();
      try {
        return retry(what, decode, e);
      } finally {
        WAITING.decrementAndGet();
      }
    }
  }

  /** Global threads of this JVM waiting for the registry now. */
  public static int waitingThreads() {
    return WAITING.get();
  }

  private <T> T retry(String what, Supplier<T> decode, SchemaRegistryUnavailableException first) {
    Duration backoff = firstBackoff;
    SchemaRegistryUnavailableException failure = first;
    while (true) {
      LOG.warn("Cannot decode {} yet: {}; trying again in {}", what, failure.getMessage(), backoff);
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw failure;
      }
      backoff =
          backoff.multipliedBy(2).compareTo(maxBackoff) < 0 ? backoff.multipliedBy(2) : maxBackoff;
      try {
        return decode.get();
      } catch (SchemaRegistryUnavailableException again) {
        failure = again;
      }
    }
  }
}
