package io.leadpipe.ingest.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.leadpipe.ingest.auth.Source;
import io.leadpipe.ingest.config.RateLimitSettings;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Token buckets: one per source (write key), and one per anonymised client address within a browser
 * source. A request passes when both have a token; the address is checked first, so an address over
 * its rate does not spend the source's budget.
 *
 * <p>Address buckets are bounded ({@link RateLimitSettings#maxAddresses}, least recently used out
 * first) and dropped once idle for as long as a bucket takes to fill up again: a new bucket is then
 * the same as the old one, so dropping it changes nothing.
 */
@Singleton
public class RateLimiter {

  private static final double NANOS_PER_SECOND = 1_000_000_000.0;

  private final RateLimitSettings settings;
  private final LongSupplier nanoTime;
  private final ConcurrentMap<String, TokenBucket> sources = new ConcurrentHashMap<>();
  private final Cache<AddressKey, TokenBucket> addresses;

  /** A client address within one source: one shop's abuser does not slow another shop. */
  private record AddressKey(String source, String address) {}

  public RateLimiter(RateLimitSettings settings) {
    this(settings, System::nanoTime);
  }

  RateLimiter(RateLimitSettings settings, LongSupplier nanoTime) {
    this.settings = settings;
    this.nanoTime = nanoTime;
    long refillNanos =
        (long)
            Math.ceil(
                settings.addressBurst() / settings.addressRequestsPerSecond() * NANOS_PER_SECOND);
    this.addresses =
        Caffeine.newBuilder()
            .maximumSize(settings.maxAddresses())
            .expireAfterAccess(Duration.ofNanos(refillNanos))
            .ticker(nanoTime::getAsLong)
            // Clean-up on the caller's thread: no background task, and tests see it at once.
            .executor(Runnable::run)
            .build();
  }

  /**
   * {@link Duration#ZERO} when the request may pass, else how long the caller should wait.
   *
   * @param address the anonymised client address, or null when unknown
   */
  public Duration acquire(Source source, String address) {
    if (!settings.enabled()) {
      return Duration.ZERO;
    }
    long now = nanoTime.getAsLong();
    if (!source.isServer() && address != null) {
      Duration wait =
          addresses
              .get(
                  new AddressKey(source.name(), address),
                  k ->
                      new TokenBucket(
                          settings.addressRequestsPerSecond(), settings.addressBurst(), now))
              .tryTake(now);
      if (!wait.isZero()) {
        return wait;
      }
    }
    return sources
        .computeIfAbsent(
            source.name(),
            s -> new TokenBucket(settings.requestsPerSecond(), settings.burst(), now))
        .tryTake(now);
  }

  /** Address buckets held now (after dropping idle ones). */
  long trackedAddresses() {
    addresses.cleanUp();
    return addresses.estimatedSize();
  }
}
