package io.leadpipe.scoring.influence;

/**
 * Influence weights: points per tenfold followers (log10), per share, per mention, per referred
 * visitor and per referred buyer; the cap of the score; the lead-type thresholds.
 */
public record InfluenceRules(
    double perTenfoldFollowers,
    double perShare,
    double perMention,
    double perReferredVisitor,
    double perReferredBuyer,
    double cap,
    double influencerThreshold,
    double amplifierThreshold) {

  public InfluenceRules {
    if (influencerThreshold < amplifierThreshold) {
      throw new IllegalArgumentException("influencerThreshold must be >= amplifierThreshold");
    }
  }

  /**
   * People who bring buyers outweigh raw reach: 10 000 followers alone = 40, one referred buyer =
   * 20.
   */
  public static InfluenceRules defaults() {
    return new InfluenceRules(10, 2, 1, 5, 20, 100, 50, 10);
  }
}
