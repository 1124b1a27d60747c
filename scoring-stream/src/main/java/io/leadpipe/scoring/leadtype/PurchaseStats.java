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

  /**
   * An order cancelled after it was completed: the purchase is taken back (one fewer, its revenue
   * and quantity off, never below zero). With no purchase left the first and last purchase are
   * forgotten; otherwise they stay as they were, since which purchase it was is not kept.
   */
  public PurchaseStats cancelled(double revenue, long quantity) {
    long left = Math.max(0, purchases - 1);
    return new PurchaseStats(
        left,
        Math.max(0, totalSpend - Math.max(0, revenue)),
        Math.max(0, totalQuantity - Math.max(0, quantity)),
        left == 0 ? null : firstPurchase,
        left == 0 ? null : lastPurchase);
  }

  /**
   * Money given back (Order Refunded, whole or partial): spend goes down by the amount, never below
   * zero; the purchase itself still happened, so the count and dates stay.
   */
  public PurchaseStats refunded(double amount) {
    return new PurchaseStats(
        purchases,
        Math.max(0, totalSpend - Math.max(0, amount)),
        totalQuantity,
        firstPurchase,
        lastPurchase);
  }
}
