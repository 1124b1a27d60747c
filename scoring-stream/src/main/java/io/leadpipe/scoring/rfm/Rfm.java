package io.leadpipe.scoring.rfm;

import java.time.Duration;
import java.time.Instant;

/**
 * RFM quintile-style scores 1-5 (bands in {@link RfmRules}): recency by days since the last
 * purchase, frequency by purchase count, monetary by total spend; all 0 when never bought.
 */
public record Rfm(int recency, int frequency, int monetary) {

  public static Rfm of(
      RfmRules rules, long purchases, double spend, Instant lastPurchase, Instant now) {
    if (purchases == 0 || lastPurchase == null) {
      return new Rfm(0, 0, 0);
    }
    long days = Math.max(0, Duration.between(lastPurchase, now).toDays());
    int r = 1 + (int) rules.recencyDays().stream().filter(limit -> days <= limit).count();
    int f =
        1 + (int) rules.frequencyPurchases().stream().filter(limit -> purchases >= limit).count();
    int m = 1 + (int) rules.monetarySpend().stream().filter(limit -> spend >= limit).count();
    return new Rfm(r, f, m);
  }

  /** Days since the last purchase, or null when never bought. */
  public static Integer recencyDays(Instant lastPurchase, Instant now) {
    return lastPurchase == null
        ? null
        : (int) Math.max(0, Duration.between(lastPurchase, now).toDays());
  }
}
