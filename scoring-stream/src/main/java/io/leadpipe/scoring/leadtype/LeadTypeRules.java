package io.leadpipe.scoring.leadtype;

import java.time.Duration;

/** Thresholds for the purchase frequency and volume lead types. */
public record LeadTypeRules(
    Duration frequentInterval,
    Duration regularInterval,
    double highSpend,
    long highQuantity,
    double mediumSpend,
    long mediumQuantity) {

  /**
   * E-commerce defaults: monthly buyers are frequent, quarterly regular; 500 spent or 20 items is
   * high volume.
   */
  public static LeadTypeRules defaults() {
    return new LeadTypeRules(Duration.ofDays(30), Duration.ofDays(90), 500, 20, 100, 5);
  }
}
