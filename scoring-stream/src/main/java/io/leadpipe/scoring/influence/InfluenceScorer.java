package io.leadpipe.scoring.influence;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Influence 0-100 = 10 x log10(1 + followers) + 2/share + 1/mention + 5/referred visitor +
 * 20/referred buyer, capped at 100 (weights in {@link InfluenceRules}): people who actually brought
 * buyers outweigh raw follower counts. Lead type INFLUENCER >= 50, AMPLIFIER >= 10, else NONE.
 */
public final class InfluenceScorer {

  /** Same symbols as the contract's InfluenceType enum. */
  public enum InfluenceType {
    NONE,
    AMPLIFIER,
    INFLUENCER
  }

  private final InfluenceRules rules;

  public InfluenceScorer(InfluenceRules rules) {
    this.rules = rules;
  }

  public static InfluenceScorer defaults() {
    return new InfluenceScorer(InfluenceRules.defaults());
  }

  public double score(InfluenceStats s) {
    double raw = factors(s).stream().mapToDouble(InfluenceFactor::points).sum();
    return Math.round(Math.min(rules.cap(), raw) * 10.0) / 10.0;
  }

  public InfluenceType type(InfluenceStats s) {
    double score = score(s);
    return score >= rules.influencerThreshold()
        ? InfluenceType.INFLUENCER
        : score >= rules.amplifierThreshold() ? InfluenceType.AMPLIFIER : InfluenceType.NONE;
  }

  /** What the score is made of, largest first; parts that earn nothing are left out. */
  public List<InfluenceFactor> factors(InfluenceStats s) {
    return Stream.of(
            new InfluenceFactor(
                "followers",
                s.followers(),
                round(rules.perTenfoldFollowers() * Math.log10(1 + s.followers()))),
            new InfluenceFactor("shares", s.shares(), rules.perShare() * s.shares()),
            new InfluenceFactor("mentions", s.mentions(), rules.perMention() * s.mentions()),
            new InfluenceFactor(
                "referredVisitors",
                s.referredVisitors(),
                rules.perReferredVisitor() * s.referredVisitors()),
            new InfluenceFactor(
                "referredBuyers",
                s.referredBuyers(),
                rules.perReferredBuyer() * s.referredBuyers()))
        .filter(f -> f.points() != 0)
        .sorted(Comparator.comparingDouble(InfluenceFactor::points).reversed())
        .toList();
  }

  private static double round(double points) {
    return Math.round(points * 100.0) / 100.0;
  }
}
