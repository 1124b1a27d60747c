package io.leadpipe.service.routing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far this instance's copies of its stores are behind their changelogs, for the lag shown with
 * a stale answer. {@link KafkaStreams#allLocalStorePartitionLags()} asks the brokers for the end
 * offset of every local changelog partition, too slow for the request path: it is measured in the
 * background, at most one measurement at a time, when an answer asks for a lag and the last
 * measurement is older than {@code maxAge}; such an old measurement is not shown (an old lag would
 * look like a current one).
 */
public final class StoreLags implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StoreLags.class);

  /** Measures store → partition → lag in records; empty while there is nothing to measure. */
  @FunctionalInterface
  interface Source {
    Optional<Map<String, Map<Integer, Long>>> measure();
  }

  /** One measurement, taken at {@code nanos}. */
  private record Measured(Map<String, Map<Integer, Long>> lags, long nanos) {}

  private final Source source;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private final ExecutorService owned;
  private final Executor measuring;
  private final AtomicBoolean inFlight = new AtomicBoolean();
  private volatile Measured last;

  /**
   * @param streams the application whose local stores are measured, empty until it is created
   * @param maxAge how old a measurement may be to be shown
   */
  public StoreLags(Supplier<Optional<KafkaStreams>> streams, Duration maxAge) {
    this(
        () -> streams.get().map(app -> offsetLags(app.allLocalStorePartitionLags())),
        maxAge,
        System::nanoTime,
        null);
  }

  /**
   * @param executor runs the measurements; null: a daemon thread of its own
   */
  StoreLags(Source source, Duration maxAge, LongSupplier nanoTime, Executor executor) {
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("the lag's maximum age must be positive: " + maxAge);
    }
    this.source = source;
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoTime = nanoTime;
    this.owned =
        executor != null
            ? null
            : Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "store-lags");
                  t.setDaemon(true);
                  return t;
                });
    this.measuring = executor != null ? executor : owned;
  }

  /**
   * The lag in records of this instance's copy of {@code partition} of {@code store}, when measured
   * within the maximum age; otherwise empty, and a measurement is started for later answers.
   */
  public OptionalLong of(String store, int partition) {
    Measured seen = last;
    if (seen == null || nanoTime.getAsLong() - seen.nanos() > maxAgeNanos) {
      measure();
      seen = last; // measured already when the executor runs it in this thread
      if (seen == null || nanoTime.getAsLong() - seen.nanos() > maxAgeNanos) {
        return OptionalLong.empty();
      }
    }
    Long lag = seen.lags().getOrDefault(store, Map.of()).get(partition);
    return lag == null ? OptionalLong.empty() : OptionalLong.of(lag);
  }

  /** Starts one measurement unless one is running. */
  private void measure() {
    if (!inFlight.compareAndSet(false, true)) {
      return;
    }
    try {
      measuring.execute(
          () -> {
            try {
              long at = nanoTime.getAsLong();
              source.measure().ifPresent(lags -> last = new Measured(lags, at));
            } catch (RuntimeException e) {
              // Brokers unreachable or the application closing: answers just go without lag
              LOG.debug("store lags not measured: {}", e.toString());
            } finally {
              inFlight.set(false);
            }
          });
    } catch (RejectedExecutionException e) {
      inFlight.set(false); // closing
    }
  }

  private static Map<String, Map<Integer, Long>> offsetLags(
      Map<String, Map<Integer, LagInfo>> lags) {
    Map<String, Map<Integer, Long>> out = new HashMap<>();
    lags.forEach(
        (store, partitions) -> {
          Map<Integer, Long> perPartition = new HashMap<>();
          partitions.forEach((p, lag) -> perPartition.put(p, Math.max(0, lag.offsetLag())));
          out.put(store, Map.copyOf(perPartition));
        });
    return Map.copyOf(out);
  }

  @Override
  public void close() {
    if (owned != null) {
      owned.shutdownNow();
    }
  }
}
