package io.leadpipe.scoring.topology;

import io.leadpipe.schemas.common.ScoreFactor;
import io.leadpipe.schemas.profile.Activity;
import io.leadpipe.schemas.profile.FitGrade;
import io.leadpipe.schemas.profile.FitScore;
import io.leadpipe.schemas.profile.Influence;
import io.leadpipe.schemas.profile.LeadTypes;
import io.leadpipe.schemas.profile.LifecycleStage;
import io.leadpipe.schemas.profile.ProfileFit;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.profile.PurchaseFrequency;
import io.leadpipe.schemas.profile.PurchaseVolume;
import io.leadpipe.schemas.profile.Rfm;
import io.leadpipe.schemas.profile.Score;
import io.leadpipe.scoring.engagement.EngagementScorer;
import io.leadpipe.scoring.fit.FitResult;
import io.leadpipe.scoring.fit.FitScorer;
import io.leadpipe.scoring.fit.Traits;
import io.leadpipe.scoring.influence.InfluenceStats;
import io.leadpipe.scoring.leadtype.LeadTypeClassifier;
import java.time.Instant;

/** Public profile = the plain rules applied to the internal state at the time of the latest event. */
final class ProfileMapper {

    private final ScoringConfig config;
    private final EngagementScorer engagement;
    private final FitScorer fit;
    private final LeadTypeClassifier leadTypes;

    ProfileMapper(ScoringConfig config) {
        this.config = config;
        this.engagement = new EngagementScorer(config.engagement());
        this.fit = new FitScorer(config.target());
        this.leadTypes = new LeadTypeClassifier(config.leadTypes());
    }

    ProspectProfile toProfile(ProfileState s, Instant now) {
        double score = engagement.score(s.signals(), now);
        // Traits and influence arrive with identity and social events (next increment); unknown until then.
        FitResult fitResult = fit.score(Traits.unknown());
        InfluenceStats influence = InfluenceStats.none();
        var purchases = s.purchases();
        var rfm = io.leadpipe.scoring.rfm.Rfm.of(purchases.purchases(), purchases.totalSpend(), purchases.lastPurchase(), now);
        return ProspectProfile.newBuilder()
                .setVisitorId(s.visitorId())
                .setFirstSeen(s.firstSeen())
                .setLastSeen(s.lastSeen())
                .setUpdatedAt(now)
                .setRevision(s.revision())
                .setActivity(Activity.newBuilder()
                        .setPageViews(s.pageViews()).setProductViews(s.productViews()).setSearches(s.searches())
                        .setCartAdds(s.cartAdds()).setCheckoutsStarted(s.checkouts())
                        .setPurchases((int) purchases.purchases()).setLastPurchaseAt(purchases.lastPurchase())
                        .build())
                .setRfm(Rfm.newBuilder().setFrequency((int) purchases.purchases()).setMonetary(purchases.totalSpend())
                        .setItemsBought((int) purchases.totalQuantity())
                        .setRecencyScore(rfm.recency()).setFrequencyScore(rfm.frequency()).setMonetaryScore(rfm.monetary())
                        .build())
                .setTraits(io.leadpipe.schemas.common.Traits.newBuilder().build())
                .setEngagement(Score.newBuilder().setValue(score)
                        .setFactors(engagement.topFactors(s.signals(), now).stream()
                                .map(f -> ScoreFactor.newBuilder().setSignal(f.signal()).setPoints(f.points())
                                        .setAt(f.lastAt()).build())
                                .toList())
                        .build())
                .setFit(FitScore.newBuilder().setValue(fitResult.score())
                        .setGrade(FitGrade.valueOf(fitResult.grade().name())).build())
                .setInfluence(Influence.newBuilder().setValue(config.influence().score(influence)).build())
                .setLeadTypes(LeadTypes.newBuilder()
                        .setPurchaseFrequency(PurchaseFrequency.valueOf(leadTypes.frequency(purchases).name()))
                        .setPurchaseVolume(PurchaseVolume.valueOf(leadTypes.volume(purchases).name()))
                        .setProfileFit(ProfileFit.valueOf(fitResult.profileFit().name()))
                        .build())
                .setStage(LifecycleStage.valueOf(
                        config.lifecycle().stage(purchases.purchases(), false, score).name()))
                .build();
    }
}
