package io.leadpipe.scoring.segment;

import io.leadpipe.schemas.profile.ProspectProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The flat attribute view segment rules see (names in docs/segments.md); absent values are left
 * out. Besides them, {@link ProfileAttributes#BIRTH_YEAR}, which tells whether the age follows the
 * clock.
 */
final class ProfileAttributesView {

  private ProfileAttributesView() {}

  static Map<String, Object> of(ProspectProfile p) {
    return of(p, evaluatedAt(p));
  }

  /** The view with the time attributes counted to {@code at} (a preview: now). */
  static Map<String, Object> of(ProspectProfile p, Instant at) {
    Map<String, Object> m = new HashMap<>();
    var a = p.getActivity();
    m.put("activity.sessions", a.getSessions());
    m.put("activity.pageViews", a.getPageViews());
    m.put("activity.productViews", a.getProductViews());
    m.put("activity.searches", a.getSearches());
    m.put("activity.couponSearches", a.getCouponSearches());
    m.put("activity.cartAdds", a.getCartAdds());
    m.put("activity.checkouts", a.getCheckoutsStarted());
    m.put("activity.purchases", a.getPurchases());
    m.put("activity.reviewsRead", a.getReviewsRead());
    m.put("activity.socialInteractions", a.getSocialInteractions());
    m.put("activity.cartValue", a.getCartValue());
    m.put("activity.totalSpend", p.getRfm().getMonetary());
    // Relative to the moment the profile was evaluated at (the clock when a timer published it), in
    // days with decimals so a rule can say hours: 0.25 days.
    m.put(TimeAttribute.FIRST_SEEN.attribute(), days(p.getFirstSeen(), at));
    m.put(TimeAttribute.LAST_SEEN.attribute(), days(p.getLastSeen(), at));
    if (a.getLastPurchaseAt() != null) {
      m.put(TimeAttribute.LAST_PURCHASE.attribute(), days(a.getLastPurchaseAt(), at));
    }
    m.put("rfm.recency", p.getRfm().getRecencyScore());
    m.put("rfm.frequency", p.getRfm().getFrequencyScore());
    m.put("rfm.monetary", p.getRfm().getMonetaryScore());
    m.put("engagement.score", p.getEngagement().getValue());
    m.put("fit.score", p.getFit().getValue());
    if (p.getPropensity() != null) {
      m.put("propensity.purchase7d", p.getPropensity().getPurchase7d());
    }
    putEnum(m, "fit.grade", p.getFit().getGrade());
    var influence = p.getInfluence();
    m.put("influence.score", influence.getValue());
    m.put("influence.followers", influence.getFollowers());
    m.put("influence.referredVisitors", influence.getReferredVisitors());
    m.put("influence.referredBuyers", influence.getReferredBuyers());
    m.put("influence.referredRevenue", influence.getReferredRevenue());
    m.put("stage", p.getStage().name());
    var lt = p.getLeadTypes();
    putEnum(m, "leadTypes.purchaseFrequency", lt.getPurchaseFrequency());
    putEnum(m, "leadTypes.purchaseVolume", lt.getPurchaseVolume());
    putEnum(m, "leadTypes.influence", lt.getInfluence());
    putEnum(m, "leadTypes.profileFit", lt.getProfileFit());
    m.put("topCategories", p.getTopCategories().stream().map(c -> c.getCategory()).toList());
    m.put("interests", p.getInterests());
    m.put("segments", p.getSegments());
    if (p.getCurrentHesitation() != null) {
      putEnum(m, "hesitation.kind", p.getCurrentHesitation().getKind());
      putEnum(m, "hesitation.primaryReason", p.getCurrentHesitation().getPrimaryReason());
    }
    putEnum(m, "statedReason", p.getStatedReason());
    putIfPresent(m, "referredBy", p.getReferredBy());
    var t = p.getTraits();
    putIfPresent(m, ProfileAttributes.AGE, t.getAge());
    // Not a rule attribute: whether the age grows with the calendar (ProfileAttributes).
    putIfPresent(m, ProfileAttributes.BIRTH_YEAR, t.getBirthYear());
    putIfPresent(m, "traits.gender", t.getGender());
    putIfPresent(m, "traits.incomeBand", t.getIncomeBand());
    putIfPresent(m, "traits.job", t.getJob());
    putIfPresent(m, "traits.country", t.getCountry());
    putIfPresent(m, "traits.city", t.getCity());
    putIfPresent(m, "traits.timezone", t.getTimezone());
    if (t.getCompany() != null) {
      putIfPresent(m, "traits.company.groupId", t.getCompany().getGroupId());
      putIfPresent(m, "traits.company.name", t.getCompany().getName());
      putIfPresent(m, "traits.company.industry", t.getCompany().getIndustry());
      putIfPresent(m, "traits.company.employees", t.getCompany().getEmployees());
      putIfPresent(m, "traits.company.plan", t.getCompany().getPlan());
    }
    // Consent per channel as its status symbol (GRANTED, DENIED, REVOKED); a channel never told is
    // absent.
    t.getConsent()
        .forEach(
            (channel, consent) -> {
              if (ProfileAttributes.CONSENT_CHANNELS.contains(channel)) {
                m.put("consent." + channel, consent.getStatus().name());
              }
            });
    return m;
  }

  /** What the time attributes count to: the evaluation time, updatedAt in older profiles. */
  static Instant evaluatedAt(ProspectProfile p) {
    return p.getEvaluatedAt() == null ? p.getUpdatedAt() : p.getEvaluatedAt();
  }

  private static double days(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toMillis()) / (double) TimeAttribute.DAY_MS;
  }

  private static void putEnum(Map<String, Object> m, String key, Enum<?> value) {
    if (value != null) {
      m.put(key, value.name());
    }
  }

  private static void putIfPresent(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
