package io.leadpipe.scoring.leadtype;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Purchase history kept in bounded form: count, spend, quantity, first and last purchase, from
 * which the mean interval between purchases follows ((last - first) / (count - 1)).
 */
public record PurchaseStats(
    long purchases,
    double totalSpend,
    long totalQuantity,
    Instant firstPurchase,
    Instant lastPurchase) {

  public static PurchaseStats none() {
    return new PurchaseStats(0, 0, 0, null, null);
  }

  /** Adds one purchase; out-of-order purchases still widen first/last correctly. */
  public PurchaseStats plus(Instant at, double revenue, long quantity) {
    Instant first = firstPurchase == null || at.isBefore(firstPurchase) ? at : firstPurchase;
    Instant last = lastPurchase == null || at.isAfter(lastPurchase) ? at : lastPurchase;
    return new PurchaseStats(
        purchases + 1,
        totalSpend + Math.max(0, revenue),
        totalQuantity + Math.max(0, quantity),
        first,
        last);
  }

  /** The mean interval between purchases ((last - first) / (count - 1)); none below 2 purchases. */
  public Optional<Duration> meanInterval() {
    if (purchases < 2 || firstPurchase == null || lastPurchase == null) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(firstPurchase, lastPurchase).dividedBy(purchases - 1));
  }
}
