package io.leadpipe.scoring.leadtype;

import java.time.Duration;

/**
 * Frequency: no purchase NONE; one purchase OCCASIONAL; mean interval <= frequentInterval FREQUENT,
 * <= regularInterval REGULAR, else OCCASIONAL. Volume: no purchase NONE; spend or quantity over the
 * high threshold HIGH, over the medium MEDIUM, else LOW.
 */
public final class LeadTypeClassifier {

  /** Same symbols as the contract's PurchaseFrequency enum. */
  public enum PurchaseFrequency {
    NONE,
    OCCASIONAL,
    REGULAR,
    FREQUENT
  }

  /** Same symbols as the contract's PurchaseVolume enum. */
  public enum PurchaseVolume {
    NONE,
    LOW,
    MEDIUM,
    HIGH
  }

  private final LeadTypeRules rules;

  public LeadTypeClassifier(LeadTypeRules rules) {
    this.rules = rules;
  }

  public PurchaseFrequency frequency(PurchaseStats s) {
    if (s.purchases() == 0) {
      return PurchaseFrequency.NONE;
    }
    if (s.purchases() == 1) {
      return PurchaseFrequency.OCCASIONAL;
    }
    Duration mean =
        Duration.between(s.firstPurchase(), s.lastPurchase()).dividedBy(s.purchases() - 1);
    if (mean.compareTo(rules.frequentInterval()) <= 0) {
      return PurchaseFrequency.FREQUENT;
    }
    return mean.compareTo(rules.regularInterval()) <= 0
        ? PurchaseFrequency.REGULAR
        : PurchaseFrequency.OCCASIONAL;
  }

  public PurchaseVolume volume(PurchaseStats s) {
    if (s.purchases() == 0) {
      return PurchaseVolume.NONE;
    }
    if (s.totalSpend() >= rules.highSpend() || s.totalQuantity() >= rules.highQuantity()) {
      return PurchaseVolume.HIGH;
    }
    if (s.totalSpend() >= rules.mediumSpend() || s.totalQuantity() >= rules.mediumQuantity()) {
      return PurchaseVolume.MEDIUM;
    }
    return PurchaseVolume.LOW;
  }
}
