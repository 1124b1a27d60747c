package io.leadpipe.streams.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A stream thread that dies is replaced, unless {@code limit} threads died within {@code window}:
 * then the fault is not transient (a poison record, a broken dependency) and the application should
 * stop.
 */
public final class FailureWindow {

  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Deque<Instant> failures = new ArrayDeque<>();

  public FailureWindow(int limit, Duration window, Clock clock) {
    this.limit = limit;
    this.window = window;
    this.clock = clock;
  }

  /** Records one failure now; true when it is the {@code limit}-th within the window. */
  public synchronized boolean recordAndCheckExhausted() {
    Instant now = clock.instant();
    failures.addLast(now);
    while (!failures.isEmpty() && !failures.peekFirst().isAfter(now.minus(window))) {
      failures.removeFirst();
    }
    return failures.size() >= limit;
  }

  /** Failures still inside the window as of now (for health details). */
  public synchronized int recent() {
    Instant cutoff = clock.instant().minus(window);
    return (int) failures.stream().filter(f -> f.isAfter(cutoff)).count();
  }
}
