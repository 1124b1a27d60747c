package io.leadpipe.scoring.influence;

/**
 * Social reach and, above all, the people who came through this visitor: referredVisitors arrived
 * via their referral link or share, referredBuyers of those then bought, for referredRevenue in
 * total.
 */
public record InfluenceStats(
    long followers,
    long shares,
    long mentions,
    long referredVisitors,
    long referredBuyers,
    double referredRevenue) {
  public static InfluenceStats none() {
    return new InfluenceStats(0, 0, 0, 0, 0, 0);
  }

  public InfluenceStats plusShare() {
    return new InfluenceStats(
        followers, shares + 1, mentions, referredVisitors, referredBuyers, referredRevenue);
  }

  public InfluenceStats plusMention() {
    return new InfluenceStats(
        followers, shares, mentions + 1, referredVisitors, referredBuyers, referredRevenue);
  }

  public InfluenceStats withFollowers(long count) {
    return new InfluenceStats(
        Math.max(0, count), shares, mentions, referredVisitors, referredBuyers, referredRevenue);
  }

  public InfluenceStats plusReferredVisitor() {
    return new InfluenceStats(
        followers, shares, mentions, referredVisitors + 1, referredBuyers, referredRevenue);
  }

  public InfluenceStats plusReferredBuyer() {
    return new InfluenceStats(
        followers, shares, mentions, referredVisitors, referredBuyers + 1, referredRevenue);
  }

  public InfluenceStats plusReferredRevenue(double revenue) {
    return new InfluenceStats(
        followers,
        shares,
        mentions,
        referredVisitors,
        referredBuyers,
        referredRevenue + Math.max(0, revenue));
  }
}
