package io.leadpipe.scoring.segment;

import java.util.HashSet;
import java.util.Set;

/**
 * The attributes a segment rule may refer to (docs/segments.md). A fixed list so a typo is rejected
 * when the definition is saved rather than silently matching nobody.
 */
public final class ProfileAttributes {

  /** Contact channels whose consent rules can test, as {@code consent.<channel>}. */
  public static final Set<String> CONSENT_CHANNELS =
      Set.of("email", "sms", "push", "whatsapp", "phone", "post", "onsite");

  public static final Set<String> KNOWN = known();

  private ProfileAttributes() {}

  private static Set<String> known() {
    Set<String> known =
        new HashSet<>(
            Set.of(
                // demographic
                "traits.age",
                "traits.gender",
                "traits.incomeBand",
                "traits.job",
                // geographic
                "traits.country",
                "traits.city",
                "traits.timezone",
                // the account (group call): firmographic
                "traits.company.groupId",
                "traits.company.name",
                "traits.company.industry",
                "traits.company.employees",
                "traits.company.plan",
                // behavioural
                "activity.sessions",
                "activity.pageViews",
                "activity.productViews",
                "activity.searches",
                "activity.cartAdds",
                "activity.checkouts",
                "activity.purchases",
                "activity.couponSearches",
                "activity.reviewsRead",
                "activity.socialInteractions",
                "activity.cartValue",
                "activity.totalSpend",
                "rfm.recency",
                "rfm.frequency",
                "rfm.monetary",
                "topCategories",
                "interests",
                // scores
                "engagement.score",
                "fit.score",
                "fit.grade",
                "influence.score",
                "influence.followers",
                "influence.referredVisitors",
                "influence.referredBuyers",
                "influence.referredRevenue",
                // learned: the probability of a purchase within the horizon (docs/scoring.md)
                "propensity.purchase7d",
                // stage and lead types
                "stage",
                "leadTypes.purchaseFrequency",
                "leadTypes.purchaseVolume",
                "leadTypes.influence",
                "leadTypes.profileFit",
                // hesitation: the open one (hook of the hesitation detector) and what the visitor
                // told us
                "hesitation.kind",
                "hesitation.primaryReason",
                "statedReason",
                // referral and other segments
                "referredBy",
                "segments"));
    CONSENT_CHANNELS.forEach(channel -> known.add("consent." + channel));
    for (TimeAttribute time : TimeAttribute.values()) {
      known.add(time.attribute());
    }
    return Set.copyOf(known);
  }
}
