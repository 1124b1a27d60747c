package io.leadpipe.notifier.sequence;

import java.time.Duration;
import java.util.Set;

/**
 * How purchases are credited to follow-ups that reached the marketing system.
 *
 * @param endpoints the configured webhook endpoints, whose delivery reports say whether a follow-up
 *     reached the marketing system; none configured: nothing reports deliveries (the marketing
 *     system reads leadpipe.followup-triggers itself), so a SENT follow-up counts as delivered
 * @param maxWait how long a purchase waits for the delivery outcome of a follow-up sent before it
 */
public record DeliveryCredit(Set<String> endpoints, Duration maxWait) {

  /**
   * Longer than the webhooks' default retry schedule (about 77.6 hours), so a receiver that is down
   * over a long weekend still gets its late deliveries credited; only a trigger held by a disabled
   * endpoint stays without outcome longer.
   */
  public static final Duration DEFAULT_WAIT = Duration.ofDays(4);

  /** No webhook endpoints: every SENT follow-up counts as delivered. */
  public static final DeliveryCredit UNREPORTED = new DeliveryCredit(Set.of(), DEFAULT_WAIT);

  public DeliveryCredit {
    endpoints = Set.copyOf(endpoints);
    if (maxWait == null || maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("the delivery wait must be positive: " + maxWait);
    }
  }

  /** Whether delivery reports come at all. */
  public boolean reported() {
    return !endpoints.isEmpty();
  }
}
