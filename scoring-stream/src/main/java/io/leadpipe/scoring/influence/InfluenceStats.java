package io.leadpipe.scoring.influence;

/**
 * Social reach and, above all, the people who came through this visitor: referredVisitors arrived via
 * their referral link or share, referredBuyers of those then bought.
 */
public record InfluenceStats(long followers, long shares, long mentions, long referredVisitors, long referredBuyers) {
    public static InfluenceStats none() {
        return new InfluenceStats(0, 0, 0, 0, 0);
    }

    public InfluenceStats plusShare() {
        return new InfluenceStats(followers, shares + 1, mentions, referredVisitors, referredBuyers);
    }

    public InfluenceStats plusMention() {
        return new InfluenceStats(followers, shares, mentions + 1, referredVisitors, referredBuyers);
    }

    public InfluenceStats withFollowers(long count) {
        return new InfluenceStats(Math.max(0, count), shares, mentions, referredVisitors, referredBuyers);
    }

    public InfluenceStats plusReferredVisitor() {
        return new InfluenceStats(followers, shares, mentions, referredVisitors + 1, referredBuyers);
    }

    public InfluenceStats plusReferredBuyer() {
        return new InfluenceStats(followers, shares, mentions, referredVisitors, referredBuyers + 1);
    }
}
