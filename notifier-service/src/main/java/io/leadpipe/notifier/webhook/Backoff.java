package io.leadpipe.notifier.webhook;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Rule: wait before attempt n+1 a uniformly random time in [0, min(max, initial * 2^(n-1))] ("full
 * jitter"), so receivers recovering from an outage are not hit by every sender at the same instant.
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;

  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  /** The wait after failed attempt {@code attempt} (1-based). */
  public Duration after(int attempt) {
    long cap = initial.toMillis() << Math.min(attempt - 1, 30);
    long ceiling = Math.min(max.toMillis(), cap < 0 ? Long.MAX_VALUE : cap);
    return Duration.ofMillis((long) (random.getAsDouble() * ceiling));
  }
}
