package io.leadpipe.scoring.lifecycle;

import io.leadpipe.scoring.leadtype.PurchaseStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Stage at a moment {@code now}: a customer (1+ purchases) with no purchase for longer than their
 * lapse period LAPSED, for longer than {@code atRiskFraction} of it AT_RISK, else 2+ purchases
 * REPEAT_CUSTOMER and 1 CUSTOMER; a visitor who has not bought: an open hesitation (set by the
 * hesitation detector, issue 5) HESITATING_BUYER; engagement >= engagedThreshold ENGAGED_PROSPECT;
 * else VISITOR.
 *
 * <p>The lapse period is the customer's own expected interval between purchases (the mean, from 2
 * purchases on) times {@code lapseFactor}, at least {@code lapseMinimum} (two orders on one day are
 * no rhythm to be late for) and at most {@code lapseMaximum}; a one-time buyer has no interval of
 * their own, so theirs is {@code lapseMaximum}.
 *
 * @param engagedThreshold engagement from which a visitor who has not bought is an engaged prospect
 * @param lapseFactor how many expected intervals without a purchase make a customer lapsed (> 0)
 * @param lapseMinimum no customer lapses sooner than this after a purchase (> 0, <= lapseMaximum)
 * @param lapseMaximum no customer counts as active longer than this without a purchase (> 0)
 * @param atRiskFraction the part of the lapse period after which a customer is at risk (0 < f < 1)
 */
public record LifecycleRules(
    double engagedThreshold,
    double lapseFactor,
    Duration lapseMinimum,
    Duration lapseMaximum,
    double atRiskFraction) {

  public LifecycleRules {
    if (!(lapseFactor > 0) || Double.isInfinite(lapseFactor)) {
      throw new IllegalArgumentException(
          "lapse-factor must be a positive number, got " + lapseFactor);
    }
    if (lapseMaximum == null || lapseMaximum.isNegative() || lapseMaximum.isZero()) {
      throw new IllegalArgumentException("lapse-maximum must be positive, got " + lapseMaximum);
    }
    if (lapseMinimum == null
        || lapseMinimum.isNegative()
        || lapseMinimum.isZero()
        || lapseMinimum.compareTo(lapseMaximum) > 0) {
      throw new IllegalArgumentException(
          "lapse-minimum must be positive and at most lapse-maximum, got " + lapseMinimum);
    }
    if (!(atRiskFraction > 0 && atRiskFraction < 1)) {
      throw new IllegalArgumentException(
          "at-risk-fraction must be between 0 and 1 (exclusive), got " + atRiskFraction);
    }
  }

  /**
   * Engaged from 20 points; lapsed after two expected intervals without a purchase, two weeks at
   * least and a year at most, at risk from half of that (a regular buyer is at risk once their next
   * purchase is due).
   */
  public static LifecycleRules defaults() {
    return new LifecycleRules(20, 2.0, Duration.ofDays(14), Duration.ofDays(365), 0.5);
  }

  public LifecycleStage stage(
      PurchaseStats purchases, boolean openHesitation, double engagement, Instant now) {
    if (customer(purchases)) {
      Duration since = Duration.between(purchases.lastPurchase(), now);
      Duration lapse = lapsePeriod(purchases);
      if (since.compareTo(lapse) > 0) {
        return LifecycleStage.LAPSED;
      }
      if (since.compareTo(atRiskPeriod(purchases)) > 0) {
        return LifecycleStage.AT_RISK;
      }
      return purchases.purchases() >= 2 ? LifecycleStage.REPEAT_CUSTOMER : LifecycleStage.CUSTOMER;
    }
    if (openHesitation) {
      return LifecycleStage.HESITATING_BUYER;
    }
    return engagement >= engagedThreshold
        ? LifecycleStage.ENGAGED_PROSPECT
        : LifecycleStage.VISITOR;
  }

  /**
   * Whether the (decaying) engagement score decides the stage: for someone who has not bought and
   * has no open hesitation, ENGAGED_PROSPECT or VISITOR.
   */
  public boolean followsEngagement(PurchaseStats purchases, boolean openHesitation) {
    return !customer(purchases) && !openHesitation;
  }

  private static boolean customer(PurchaseStats purchases) {
    return purchases.purchases() >= 1 && purchases.lastPurchase() != null;
  }

  /** How long after their last purchase a customer lapses. */
  public Duration lapsePeriod(PurchaseStats purchases) {
    Optional<Duration> expected = purchases.meanInterval();
    if (expected.isEmpty()) {
      return lapseMaximum;
    }
    double millis = expected.get().toMillis() * lapseFactor;
    if (millis >= lapseMaximum.toMillis()) {
      return lapseMaximum;
    }
    return millis <= lapseMinimum.toMillis() ? lapseMinimum : Duration.ofMillis((long) millis);
  }

  /** How long after their last purchase a customer is at risk. */
  public Duration atRiskPeriod(PurchaseStats purchases) {
    return Duration.ofMillis((long) (lapsePeriod(purchases).toMillis() * atRiskFraction));
  }

  /**
   * The moments after the last purchase at which the stage changes with no event (AT_RISK, then
   * LAPSED); none for someone who never bought.
   */
  public Optional<Instant[]> stageMoments(PurchaseStats purchases) {
    if (!customer(purchases)) {
      return Optional.empty();
    }
    Instant last = purchases.lastPurchase();
    return Optional.of(
        new Instant[] {last.plus(atRiskPeriod(purchases)), last.plus(lapsePeriod(purchases))});
  }
}
