package io.leadpipe.scoring.profile;

import io.leadpipe.schemas.common.ChannelConsent;
import io.leadpipe.schemas.common.Company;
import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.common.ReasonEvidence;
import io.leadpipe.schemas.common.ScoreFactor;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.profile.Activity;
import io.leadpipe.schemas.profile.CategoryInterest;
import io.leadpipe.schemas.profile.FitGrade;
import io.leadpipe.schemas.profile.FitScore;
import io.leadpipe.schemas.profile.HesitationSummary;
import io.leadpipe.schemas.profile.Influence;
import io.leadpipe.schemas.profile.InfluenceType;
import io.leadpipe.schemas.profile.LeadTypes;
import io.leadpipe.schemas.profile.LifecycleStage;
import io.leadpipe.schemas.profile.ProfileFit;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.profile.PurchaseFrequency;
import io.leadpipe.schemas.profile.PurchaseVolume;
import io.leadpipe.schemas.profile.Rfm;
import io.leadpipe.schemas.profile.Score;
import io.leadpipe.schemas.profile.ScoreSnapshot;
import io.leadpipe.scoring.fit.FitResult;
import io.leadpipe.scoring.lifecycle.OpenHesitation;
import io.leadpipe.scoring.traits.KnownTraits;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Public profile = the visitor's state and its scores, in the contract's words. */
public final class ProfileMapper {

  private final ProfileScorer scorer;

  public ProfileMapper(ScoringRules rules) {
    this.scorer = new ProfileScorer(rules);
  }

  /** The profile of a stored state, scored as of its latest event time. */
  public ProspectProfile toProfile(ProfileState s) {
    return toProfile(s, s.asOf());
  }

  /**
   * The profile of a stored state evaluated at {@code at} (the clock: a time threshold was crossed
   * or the definitions changed); a moment before its latest event counts as that event's.
   */
  public ProspectProfile toProfile(ProfileState s, Instant at) {
    Instant evaluatedAt = evaluationTime(s, at);
    return toProfile(s, scorer.score(s, evaluatedAt), evaluatedAt);
  }

  /** The profile of a state whose scores were just computed as of its latest event time. */
  public ProspectProfile toProfile(ProfileState s, Scores scores) {
    return toProfile(s, scores, s.asOf());
  }

  /** The moment a state is evaluated at: {@code at}, but never before its latest event. */
  public static Instant evaluationTime(ProfileState s, Instant at) {
    return at == null || at.isBefore(s.asOf()) ? s.asOf() : at;
  }

  /** The profile of a state whose scores were just computed at {@code evaluatedAt}. */
  public ProspectProfile toProfile(ProfileState s, Scores scores, Instant evaluatedAt) {
    var purchases = s.purchases();
    return ProspectProfile.newBuilder()
        .setVisitorId(s.visitorId())
        .setUserId(s.userId())
        .setAnonymousIds(s.anonymousIds())
        .setReferralCode(s.referral().latestOwnCode())
        .setReferredBy(s.referral().referredBy())
        .setFirstSeen(s.firstSeen())
        .setLastSeen(s.lastSeen())
        .setUpdatedAt(s.asOf())
        .setRevision(s.revision())
        .setEvaluatedAt(evaluatedAt)
        .setActivity(activity(s))
        .setRfm(
            Rfm.newBuilder()
                .setRecencyDays(
                    io.leadpipe.scoring.rfm.Rfm.recencyDays(purchases.lastPurchase(), evaluatedAt))
                .setFrequency((int) purchases.purchases())
                .setMonetary(purchases.totalSpend())
                .setItemsBought((int) purchases.totalQuantity())
                .setAverageOrderValue(
                    purchases.purchases() == 0 ? 0 : purchases.totalSpend() / purchases.purchases())
                .setRecencyScore(scores.rfm().recency())
                .setFrequencyScore(scores.rfm().frequency())
                .setMonetaryScore(scores.rfm().monetary())
                .build())
        .setTopCategories(
            scores.topCategories().stream()
                .map(
                    c ->
                        CategoryInterest.newBuilder()
                            .setCategory(c)
                            .setViews((int) Math.round(s.categoryViews().get(c)))
                            .build())
                .toList())
        .setInterests(scores.interests())
        .setTraits(traits(s.traits(), evaluatedAt))
        .setEngagement(
            Score.newBuilder()
                .setValue(scores.engagement())
                .setFactors(
                    scores.engagementFactors().stream()
                        .map(f -> factor(f.signal(), f.points(), f.lastAt(), null))
                        .toList())
                .build())
        .setFit(
            FitScore.newBuilder()
                .setValue(scores.fit().score())
                .setGrade(FitGrade.valueOf(scores.fit().grade().name()))
                .setFactors(fitFactors(scores.fit(), s.traits()))
                .build())
        .setInfluence(influence(s, scores))
        .setLeadTypes(
            LeadTypes.newBuilder()
                .setPurchaseFrequency(PurchaseFrequency.valueOf(scores.purchaseFrequency().name()))
                .setPurchaseVolume(PurchaseVolume.valueOf(scores.purchaseVolume().name()))
                .setInfluence(InfluenceType.valueOf(scores.influenceType().name()))
                .setProfileFit(ProfileFit.valueOf(scores.fit().profileFit().name()))
                .build())
        .setStage(LifecycleStage.valueOf(scores.stage().name()))
        .setCurrentHesitation(hesitation(s.hesitation().open()))
        .setStatedReason(
            s.hesitation().statedReason() == null
                ? null
                : HesitationReason.valueOf(s.hesitation().statedReason()))
        .setStatedReasonAt(s.hesitation().statedReasonAt())
        .setInferredReasonAtStatement(
            s.hesitation().inferredReasonAtStatement() == null
                ? null
                : HesitationReason.valueOf(s.hesitation().inferredReasonAtStatement()))
        .setScoreHistory(
            s.history().stream()
                .map(
                    p ->
                        ScoreSnapshot.newBuilder()
                            .setAt(p.at())
                            .setEngagement(p.engagement())
                            .setFit(p.fit())
                            .setInfluence(p.influence())
                            .build())
                .toList())
        .build();
  }

  private static Activity activity(ProfileState s) {
    var a = s.activity();
    return Activity.newBuilder()
        .setSessions(a.sessions())
        .setPageViews(a.pageViews())
        .setProductViews(a.productViews())
        .setSearches(a.searches())
        .setCouponSearches(a.couponSearches())
        .setCartAdds(a.cartAdds())
        .setCartRemoves(a.cartRemoves())
        .setCheckoutsStarted(a.checkouts())
        .setPurchases((int) s.purchases().purchases())
        .setReviewsRead(a.reviewsRead())
        .setSocialInteractions(a.socialInteractions())
        .setLastPurchaseAt(s.purchases().lastPurchase())
        .setCart(
            s.cart().lines().stream()
                .map(
                    l ->
                        Product.newBuilder()
                            .setProductId(l.productId())
                            .setSku(l.sku())
                            .setName(l.name())
                            .setCategory(l.category())
                            .setPrice(l.price())
                            .setQuantity(l.quantity())
                            .build())
                .toList())
        .setCartValue(s.cart().value())
        .build();
  }

  private static Traits traits(KnownTraits t, Instant evaluatedAt) {
    Map<String, ChannelConsent> consent = new LinkedHashMap<>();
    t.consent()
        .forEach(
            (channel, c) ->
                consent.put(
                    channel,
                    ChannelConsent.newBuilder()
                        .setStatus(ConsentStatus.valueOf(c.status()))
                        .setUpdatedAt(c.at())
                        .build()));
    String birthYear = t.value(KnownTraits.BIRTH_YEAR);
    return Traits.newBuilder()
        .setEmail(t.value(KnownTraits.EMAIL))
        .setFirstName(t.value(KnownTraits.FIRST_NAME))
        .setBirthYear(birthYear == null ? null : Integer.valueOf(birthYear))
        .setAge(t.age(evaluatedAt))
        .setGender(t.value(KnownTraits.GENDER))
        .setIncomeBand(t.value(KnownTraits.INCOME_BAND))
        .setJob(t.value(KnownTraits.JOB))
        .setCountry(t.value(KnownTraits.COUNTRY))
        .setRegion(t.value(KnownTraits.REGION))
        .setCity(t.value(KnownTraits.CITY))
        .setTimezone(t.timezone())
        .setInterests(t.interests())
        .setSocialHandles(t.socialHandles())
        .setConsent(consent)
        .setCustom(t.custom())
        .setCompany(company(t))
        .build();
  }

  /** The account the visitor belongs to (group call), or null when none is known. */
  private static Company company(KnownTraits t) {
    String groupId = t.value(KnownTraits.COMPANY_GROUP_ID);
    if (groupId == null) {
      return null;
    }
    return Company.newBuilder()
        .setGroupId(groupId)
        .setName(t.value(KnownTraits.COMPANY_NAME))
        .setIndustry(t.value(KnownTraits.COMPANY_INDUSTRY))
        .setEmployees(t.companyEmployees())
        .setPlan(t.value(KnownTraits.COMPANY_PLAN))
        .build();
  }

  /**
   * Every criterion of the target, earned points first; "25/25" or "unknown" says how it was
   * judged.
   */
  private static List<ScoreFactor> fitFactors(FitResult fit, KnownTraits traits) {
    return fit.factors().stream()
        .sorted(
            Comparator.comparingDouble(FitResult.Factor::points)
                .reversed()
                .thenComparing(Comparator.comparingDouble(FitResult.Factor::max).reversed()))
        .map(
            f ->
                factor(
                    f.criterion(),
                    f.points(),
                    traits.toldAt(f.criterion()),
                    f.known() ? trim(f.points()) + "/" + trim(f.max()) : "unknown"))
        .toList();
  }

  private Influence influence(ProfileState s, Scores scores) {
    var stats = s.reach().stats();
    return Influence.newBuilder()
        .setValue(scores.influence())
        .setFollowers(stats.followers())
        .setShares((int) stats.shares())
        .setMentions((int) stats.mentions())
        .setReferredVisitors((int) stats.referredVisitors())
        .setReferredBuyers((int) stats.referredBuyers())
        .setReferredRevenue(stats.referredRevenue())
        .setFactors(
            scores.influenceFactors().stream()
                .map(
                    f ->
                        factor(
                            f.signal(),
                            f.points(),
                            s.reach().lastChanged(f.signal()),
                            "x" + trim(f.count())))
                .toList())
        .build();
  }

  private static HesitationSummary hesitation(OpenHesitation h) {
    if (h == null) {
      return null;
    }
    return HesitationSummary.newBuilder()
        .setHesitationId(h.hesitationId())
        .setKind(HesitationKind.valueOf(h.kind()))
        .setDetectedAt(h.detectedAt())
        .setPrimaryReason(HesitationReason.valueOf(h.primaryReason()))
        .setReasons(
            h.reasons().stream()
                .map(
                    r ->
                        ReasonEvidence.newBuilder()
                            .setReason(HesitationReason.valueOf(r.reason()))
                            .setConfidence(r.confidence())
                            .build())
                .toList())
        .build();
  }

  private static ScoreFactor factor(String signal, double points, Instant at, String detail) {
    return ScoreFactor.newBuilder()
        .setSignal(signal)
        .setPoints(points)
        .setAt(at)
        .setDetail(detail)
        .build();
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
