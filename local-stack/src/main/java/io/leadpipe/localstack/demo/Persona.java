package io.leadpipe.localstack.demo;

import io.leadpipe.schemas.common.HesitationReason;

/**
 * The kinds of simulated shoppers. Each exercises a part of the pipeline: the hesitation kinds and
 * their reasons, buyers and repeat buyers, influence through shared links, and browsing that leads
 * nowhere.
 *
 * <p>{@code trueReason} is what really holds the shopper back: the survey answer they give when
 * asked, and the only play that wins them back. Some buy anyway ({@code buysAnyway}), with or
 * without a follow-up, so a strategy's holdout converts too and its uplift is what the play adds.
 */
public enum Persona {
  /**
   * Searches for coupons, compares prices, looks at the cheaper variant, leaves at checkout: PRICE.
   */
  BARGAIN_HUNTER(18, HesitationReason.PRICE, false, 0.05),
  /**
   * Reads reviews again and again, asks about the product on social media, leaves with a full cart:
   * REVIEWS.
   */
  REVIEW_READER(12, HesitationReason.REVIEWS, false, 0.10),
  /** Checks the size guide, specifications, returns and warranty: QUALITY. */
  QUALITY_DOUBTER(10, HesitationReason.QUALITY, false, 0.08),
  /** Reaches the shipping step, sees the total jump, looks at shipping costs, leaves: SHIPPING. */
  SHIPPING_SENSITIVE(12, HesitationReason.SHIPPING, false, 0.06),
  /**
   * Comes back visit after visit to the same product and the prices page, never adds it: price
   * watching.
   */
  PRICE_WATCHER(8, HesitationReason.PRICE, false, 0.04),
  /** Buys, subscribes to the newsletter, comes back later and buys again. */
  LOYAL_BUYER(10, null, true, 0),
  /**
   * Follows, shares with their referral code, mentions the shop; friends arrive through the links.
   */
  INFLUENCER(6, null, true, 0),
  /**
   * Looks around, searches, and leaves; some look at the careers page (a job seeker, not a buyer).
   */
  WINDOW_SHOPPER(16, null, false, 0),
  /** Leaves at checkout with no visible signal: only asking tells why. */
  SILENT_ABANDONER(8, HesitationReason.OTHER, false, 0.05),
  /**
   * Arrives through an influencer's shared link (never drawn on its own); looks, and sometimes
   * buys.
   */
  REFERRED_FRIEND(0, null, false, 0);

  private final int weight;
  private final HesitationReason trueReason;
  private final boolean hasAccount;
  private final double buysAnyway;

  Persona(int weight, HesitationReason trueReason, boolean hasAccount, double buysAnyway) {
    this.weight = weight;
    this.trueReason = trueReason;
    this.hasAccount = hasAccount;
    this.buysAnyway = buysAnyway;
  }

  /** Relative frequency among arriving shoppers. */
  public int weight() {
    return weight;
  }

  /**
   * The hesitation reason behind this shopper's behaviour, or null for shoppers who do not
   * hesitate.
   */
  public HesitationReason trueReason() {
    return trueReason;
  }

  public boolean hesitates() {
    return trueReason != null;
  }

  /**
   * The share of hesitating shoppers of this kind who come back and buy on their own, follow-up or
   * not: what a holdout converts at, and what a follow-up's uplift is measured against.
   */
  public double buysAnyway() {
    return buysAnyway;
  }

  /** Always logs in (buyers and influencers); others do about half of the time. */
  public boolean hasAccount() {
    return hasAccount;
  }
}
