package io.leadpipe.notifier.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Rule: the first attempt goes at once; after failed attempt n the next waits {@code waits[n-1]};
 * when the waits are used up the delivery is dead-lettered. The default is the Standard Webhooks
 * reference schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) stretched with further 10 h steps
 * to about three days, so a receiver down over a weekend still gets everything.
 */
public record RetrySchedule(List<Duration> waits) {

  public static final RetrySchedule STANDARD_WEBHOOKS =
      new RetrySchedule(
          List.of(
              Duration.ofSeconds(5),
              Duration.ofMinutes(5),
              Duration.ofMinutes(30),
              Duration.ofHours(2),
              Duration.ofHours(5),
              Duration.ofHours(10),
              Duration.ofHours(10),
              Duration.ofHours(10),
              Duration.ofHours(10),
              Duration.ofHours(10),
              Duration.ofHours(10),
              Duration.ofHours(10)));

  public RetrySchedule {
    waits = List.copyOf(waits);
    for (Duration w : waits) {
      if (w.isNegative()) {
        throw new IllegalArgumentException("a retry wait cannot be negative: " + w);
      }
    }
  }

  /** Attempts in all, the first included. */
  public int attempts() {
    return waits.size() + 1;
  }

  /** The wait after failed attempt {@code attempt} (1-based), or empty when it was the last. */
  public Optional<Duration> after(int attempt) {
    return attempt >= 1 && attempt <= waits.size()
        ? Optional.of(waits.get(attempt - 1))
        : Optional.empty();
  }

  /** From the first attempt to the last: how long an outage the schedule outlasts. */
  public Duration horizon() {
    return waits.stream().reduce(Duration.ZERO, Duration::plus);
  }
}
