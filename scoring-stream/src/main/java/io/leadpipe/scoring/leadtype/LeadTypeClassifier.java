package io.leadpipe.scoring.leadtype;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Frequency at a moment {@code now}: no purchase NONE; one purchase OCCASIONAL; else the buyer's
 * interval, the mean interval between purchases or the time since the last one when that is longer
 * (an overdue purchase moves the type down: a monthly buyer silent for 40 days is no longer
 * frequent), <= frequentInterval FREQUENT, <= regularInterval REGULAR, else OCCASIONAL. Volume: no
 * purchase NONE; spend or quantity over the high threshold HIGH, over the medium MEDIUM, else LOW.
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

  /** The frequency as of the last purchase (nothing overdue yet). */
  public PurchaseFrequency frequency(PurchaseStats s) {
    return frequency(s, s.lastPurchase());
  }

  public PurchaseFrequency frequency(PurchaseStats s, Instant now) {
    if (s.purchases() == 0) {
      return PurchaseFrequency.NONE;
    }
    var mean = s.meanInterval();
    if (mean.isEmpty()) {
      return PurchaseFrequency.OCCASIONAL;
    }
    Duration since = now == null ? Duration.ZERO : Duration.between(s.lastPurchase(), now);
    Duration interval = since.compareTo(mean.get()) > 0 ? since : mean.get();
    if (interval.compareTo(rules.frequentInterval()) <= 0) {
      return PurchaseFrequency.FREQUENT;
    }
    return interval.compareTo(rules.regularInterval()) <= 0
        ? PurchaseFrequency.REGULAR
        : PurchaseFrequency.OCCASIONAL;
  }

  /**
   * The moments at which the frequency moves down with no purchase (the last purchase plus each
   * interval limit the buyer is still within); each holds up to and including the moment.
   */
  public List<Instant> frequencyMoments(PurchaseStats s) {
    List<Instant> moments = new ArrayList<>();
    var mean = s.meanInterval();
    if (mean.isEmpty()) {
      return moments;
    }
    for (Duration limit : List.of(rules.frequentInterval(), rules.regularInterval())) {
      if (mean.get().compareTo(limit) <= 0) {
        moments.add(s.lastPurchase().plus(limit));
      }
    }
    return moments;
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
