package io.leadpipe.scoring.influence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InfluenceScorerTest {

  private final InfluenceScorer scorer = InfluenceScorer.defaults();

  @Test
  void noReachIsNone() {
    assertThat(scorer.score(InfluenceStats.none())).isEqualTo(0.0);
    assertThat(scorer.type(InfluenceStats.none())).isEqualTo(InfluenceScorer.InfluenceType.NONE);
  }

  @Test
  void sharesAndReferredVisitorsMakeAnAmplifier() {
    var s = InfluenceStats.none().plusShare().plusReferredVisitor().plusReferredVisitor();
    assertThat(scorer.score(s)).isEqualTo(12.0);
    assertThat(scorer.type(s)).isEqualTo(InfluenceScorer.InfluenceType.AMPLIFIER);
  }

  @Test
  void referredBuyersOutweighFollowers() {
    var followersOnly = InfluenceStats.none().withFollowers(9_999);
    var buyers =
        InfluenceStats.none()
            .plusReferredVisitor()
            .plusReferredBuyer()
            .plusReferredVisitor()
            .plusReferredBuyer()
            .plusReferredVisitor();
    assertThat(scorer.score(followersOnly)).isEqualTo(40.0);
    assertThat(scorer.type(followersOnly)).isEqualTo(InfluenceScorer.InfluenceType.AMPLIFIER);
    assertThat(scorer.score(buyers)).isEqualTo(55.0);
    assertThat(scorer.type(buyers)).isEqualTo(InfluenceScorer.InfluenceType.INFLUENCER);
  }

  @Test
  void scoreIsCappedAt100() {
    var s = InfluenceStats.none().withFollowers(1_000_000_000L);
    for (int i = 0; i < 10; i++) {
      s = s.plusReferredBuyer();
    }
    assertThat(scorer.score(s)).isEqualTo(100.0);
  }

  @Test
  void factorsExplainTheScoreLargestFirstLeavingOutWhatEarnsNothing() {
    var s =
        InfluenceStats.none()
            .withFollowers(99)
            .plusShare()
            .plusReferredVisitor()
            .plusReferredBuyer();
    assertThat(scorer.factors(s))
        .containsExactly(
            new InfluenceFactor("followers", 99, 20.0),
            new InfluenceFactor("referredBuyers", 1, 20.0),
            new InfluenceFactor("referredVisitors", 1, 5.0),
            new InfluenceFactor("shares", 1, 2.0));
    assertThat(scorer.score(s)).isEqualTo(47.0);
  }

  @Test
  void weightsAndThresholdsAreConfigurable() {
    var referralsOnly = new InfluenceScorer(new InfluenceRules(0, 0, 0, 10, 50, 100, 60, 10));
    var s =
        InfluenceStats.none().withFollowers(1_000_000).plusReferredVisitor().plusReferredBuyer();
    assertThat(referralsOnly.score(s)).isEqualTo(60.0);
    assertThat(referralsOnly.type(s)).isEqualTo(InfluenceScorer.InfluenceType.INFLUENCER);
    assertThatThrownBy(() -> new InfluenceRules(10, 2, 1, 5, 20, 100, 5, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
