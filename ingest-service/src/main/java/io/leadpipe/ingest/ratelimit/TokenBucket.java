package io.leadpipe.ingest.ratelimit;

import java.time.Duration;

/**
 * A token bucket: {@code ratePerSecond} tokens flow in, at most {@code capacity} are kept; a
 * request takes one. Time comes from the caller (nanoseconds), so tests need no clock.
 */
final class TokenBucket {

  private static final double NANOS_PER_SECOND = 1_000_000_000.0;

  private final double ratePerSecond;
  private final double capacity;
  private double tokens;
  private long lastNanos;

  TokenBucket(double ratePerSecond, double capacity, long nowNanos) {
    this.ratePerSecond = ratePerSecond;
    this.capacity = capacity;
    this.tokens = capacity;
    this.lastNanos = nowNanos;
  }

  /**
   * Takes a token; returns {@link Duration#ZERO} when it could, else how long until one is
   * available.
   */
  synchronized Duration tryTake(long nowNanos) {
    double refill = (nowNanos - lastNanos) / NANOS_PER_SECOND * ratePerSecond;
    tokens = Math.min(capacity, tokens + Math.max(0, refill));
    lastNanos = Math.max(lastNanos, nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil((1 - tokens) / ratePerSecond * NANOS_PER_SECOND));
  }
}
