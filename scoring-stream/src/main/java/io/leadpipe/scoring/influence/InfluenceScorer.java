package io.leadpipe.scoring.influence;

/**
 * Influence 0-100 = 10 x log10(1 + followers) + 2/share + 1/mention + 5/referred visitor + 20/referred buyer,
 * capped at 100: people who actually brought buyers outweigh raw follower counts.
 * Lead type INFLUENCER >= 50, AMPLIFIER >= 10, else NONE.
 */
public final class InfluenceScorer {

    /** Same symbols as the contract's InfluenceType enum. */
    public enum InfluenceType { NONE, AMPLIFIER, INFLUENCER }

    private final double influencerThreshold;
    private final double amplifierThreshold;

    public InfluenceScorer(double influencerThreshold, double amplifierThreshold) {
        this.influencerThreshold = influencerThreshold;
        this.amplifierThreshold = amplifierThreshold;
    }

    public static InfluenceScorer defaults() {
        return new InfluenceScorer(50, 10);
    }

    public double score(InfluenceStats s) {
        double raw = 10 * Math.log10(1 + s.followers()) + 2.0 * s.shares() + s.mentions()
                + 5.0 * s.referredVisitors() + 20.0 * s.referredBuyers();
        return Math.round(Math.min(100, raw) * 10.0) / 10.0;
    }

    public InfluenceType type(InfluenceStats s) {
        double score = score(s);
        return score >= influencerThreshold ? InfluenceType.INFLUENCER
                : score >= amplifierThreshold ? InfluenceType.AMPLIFIER : InfluenceType.NONE;
    }
}
