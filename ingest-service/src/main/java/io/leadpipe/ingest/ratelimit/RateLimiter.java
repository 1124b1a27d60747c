package io.leadpipe.ingest.ratelimit;

import io.leadpipe.ingest.config.RateLimitSettings;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/** One token bucket per source (write key): requests per second with a burst allowance. */
@Singleton
public class RateLimiter {

  private final RateLimitSettings settings;
  private final LongSupplier nanoTime;
  private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(RateLimitSettings settings) {
    this(settings, System::nanoTime);
  }

  RateLimiter(RateLimitSettings settings, LongSupplier nanoTime) {
    this.settings = settings;
    this.nanoTime = nanoTime;
  }

  /** {@link Duration#ZERO} when the request may pass, else how long the source should wait. */
  public Duration acquire(String source) {
    if (!settings.enabled()) {
      return Duration.ZERO;
    }
    long now = nanoTime.getAsLong();
    return buckets
        .computeIfAbsent(
            source, s -> new TokenBucket(settings.requestsPerSecond(), settings.burst(), now))
        .tryTake(now);
  }
}
