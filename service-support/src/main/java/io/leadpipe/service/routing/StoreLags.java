package io.leadpipe.service.routing;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * background, at most once per {@code maxAge}, when a stale answer asks for it, and a measurement
 * older than {@code maxAge} is not shown (an old lag would look like a current one).
 */
public final class StoreLags implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StoreLags.class);

  /** One measurement: store → partition → lag, taken at {@code nanos}. */
  private record Measured(Map<String, Map<Integer, LagInfo>> lags, long nanos) {}

  private final Supplier<Optional<KafkaStreams>> streams;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private final ExecutorService measuring =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "store-lags");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean inFlight = new AtomicBoolean();
  private volatile Measured last;

  public StoreLags(Supplier<Optional<KafkaStreams>> streams, Duration maxAge) {
    this(streams, maxAge, System::nanoTime);
  }

  StoreLags(Supplier<Optional<KafkaStreams>> streams, Duration maxAge, LongSupplier nanoTime) {
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("the lag's maximum age must be positive: " + maxAge);
    }
    this.streams = streams;
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * The lag in records of this instance's copy of {@code partition} of {@code store}, when measured
   * within the maximum age; otherwise empty, and a measurement is started for the next answer.
   */
  public OptionalLong of(String store, int partition) {
    Measured seen = last;
    long now = nanoTime.getAsLong();
    if (seen == null || now - seen.nanos() > maxAgeNanos) {
      measure();
      return OptionalLong.empty();
    }
    LagInfo lag = seen.lags().getOrDefault(store, Map.of()).get(partition);
    return lag == null ? OptionalLong.empty() : OptionalLong.of(Math.max(0, lag.offsetLag()));
  }

  /** Starts one measurement unless one is running. */
  private void measure() {
    Optional<KafkaStreams> app = streams.get();
    if (app.isEmpty() || !inFlight.compareAndSet(false, true)) {
      return;
    }
    try {
      measuring.execute(
          () -> {
            try {
              long at = nanoTime.getAsLong();
              last = new Measured(app.get().allLocalStorePartitionLags(), at);
            } catch (RuntimeException e) {
              // Brokers unreachable or the application closing: the answer just goes without lag
              LOG.debug("store lags not measured: {}", e.toString());
            } finally {
              inFlight.set(false);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      inFlight.set(false);
    }
  }

  @Override
  public void close() {
    measuring.shutdownNow();
  }
}
