package io.leadpipe.scoring.influence;

import static org.assertj.core.api.Assertions.assertThat;

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
        var buyers = InfluenceStats.none().plusReferredVisitor().plusReferredBuyer()
                .plusReferredVisitor().plusReferredBuyer().plusReferredVisitor();
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
}
