package io.leadpipe.localstack.demo;

/**
 * The kinds of simulated shoppers. Each exercises a part of the pipeline: the hesitation kinds and
 * their reasons, buyers and repeat buyers, influence through shared links, and browsing that leads nowhere.
 *
 * <p>{@code trueReason} is what really holds the shopper back: the survey answer they give when asked,
 * and the play most likely to win them back.
 */
public enum Persona {
  /** Searches for coupons, compares prices, leaves at checkout: PRICE. */
  BARGAIN_HUNTER(18, "PRICE"),
  /** Reads reviews again and again, leaves with a full cart: REVIEWS. */
  REVIEW_READER(12, "REVIEWS"),
  /** Checks the size guide, specifications, returns and warranty: QUALITY. */
  QUALITY_DOUBTER(10, "QUALITY"),
  /** Reaches the shipping step, looks at shipping costs, leaves: SHIPPING. */
  SHIPPING_SENSITIVE(12, "SHIPPING"),
  /** Views the same product again and again without adding it: browse abandonment / price watching. */
  PRICE_WATCHER(8, "PRICE"),
  /** Buys, comes back, buys again. */
  LOYAL_BUYER(10, null),
  /** Follows and shares with their referral code; friends arrive through the links, some buy. */
  INFLUENCER(6, null),
  /** Looks around and leaves. */
  WINDOW_SHOPPER(16, null),
  /** Leaves at checkout with no visible signal: only asking tells why. */
  SILENT_ABANDONER(8, "OTHER");

  private final int weight;
  private final String trueReason;

  Persona(int weight, String trueReason) {
    this.weight = weight;
    this.trueReason = trueReason;
  }

  /** Relative frequency in the demo traffic. */
  public int weight() {
    return weight;
  }

  /** The hesitation reason behind this shopper's behaviour, or null for shoppers who do not hesitate. */
  public String trueReason() {
    return trueReason;
  }

  public boolean hesitates() {
    return trueReason != null;
  }
}
