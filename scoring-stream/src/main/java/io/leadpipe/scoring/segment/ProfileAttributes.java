package io.leadpipe.scoring.segment;

import java.util.Set;

/**
 * The attributes a segment rule may refer to. A fixed list so a typo is rejected when the definition
 * is saved rather than silently matching nobody.
 */
public final class ProfileAttributes {

    public static final Set<String> KNOWN = Set.of(
            // demographic
            "traits.age", "traits.gender", "traits.incomeBand", "traits.job",
            // geographic
            "traits.country", "traits.city", "traits.timezone",
            // behavioural
            "activity.sessions", "activity.pageViews", "activity.productViews", "activity.searches",
            "activity.cartAdds", "activity.checkouts", "activity.purchases", "activity.couponSearches",
            "activity.daysSinceLastSeen", "activity.daysSinceFirstSeen", "activity.totalSpend",
            "rfm.recency", "rfm.frequency", "rfm.monetary",
            "topCategories", "interests",
            // scores
            "engagement.score", "fit.score", "fit.grade", "influence.score",
            "influence.referredVisitors", "influence.referredBuyers",
            // stage and lead types
            "stage", "leadTypes.purchaseFrequency", "leadTypes.purchaseVolume", "leadTypes.influence",
            "leadTypes.profileFit",
            // other segments and consent
            "segments", "consent.email");

    private ProfileAttributes() {
    }
}
