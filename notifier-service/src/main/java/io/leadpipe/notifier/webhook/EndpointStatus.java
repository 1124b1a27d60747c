package io.leadpipe.notifier.webhook;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an endpoint's dispatcher shows the outside (admin view, health, metrics), safe to read from
 * any thread. The dispatcher is the only writer.
 */
public final class EndpointStatus {

  /** Why and since when an endpoint is disabled. */
  public record Disabled(Instant since, String reason) {}

  private final String endpoint;
  private volatile Disabled disabled;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong assignments = new AtomicLong();

  public EndpointStatus(String endpoint) {
    this.endpoint = endpoint;
  }

  public String endpoint() {
    return endpoint;
  }

  /** Null while the endpoint is enabled. */
  public Disabled disabled() {
    return disabled;
  }

  void disabled(Disabled d) {
    disabled = d;
  }

  /** Triggers taken from Kafka (or replayed) and not yet delivered or dead-lettered. */
  public int pending() {
    return pending.get();
  }

  void pending(int n) {
    pending.set(n);
  }

  public int inFlight() {
    return inFlight.get();
  }

  void inFlight(int n) {
    inFlight.set(n);
  }

  public long delivered() {
    return delivered.get();
  }

  public long retried() {
    return retried.get();
  }

  public long deadLettered() {
    return deadLettered.get();
  }

  /**
   * Partition assignments the dispatcher got: 1 for a single instance that was never evicted from
   * its group; each rebalance adds one.
   */
  public long assignments() {
    return assignments.get();
  }

  void countDelivered() {
    delivered.incrementAndGet();
  }

  void countRetried() {
    retried.incrementAndGet();
  }

  void countDeadLettered() {
    deadLettered.incrementAndGet();
  }

  void countAssignment() {
    assignments.incrementAndGet();
  }
}
