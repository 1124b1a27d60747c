package io.leadpipe.scoring.segment;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The attributes a segment rule may refer to (docs/segments.md). A fixed list so a typo is rejected
 * when the definition is saved rather than silently matching nobody. Each is listed once, by
 * whether the clock alone can change it.
 */
public final class ProfileAttributes {

  /** Contact channels whose consent rules can test, as {@code consent.<channel>}. */
  public static final Set<String> CONSENT_CHANNELS =
      Set.of("email", "sms", "push", "whatsapp", "phone", "post", "onsite");

  /**
   * The attributes only an event changes: between two events of a visitor they answer a rule the
   * same at any evaluation time. A timer needs only the time thresholds the visitor can still cross
   * given these (timing.TimeThresholds#reachable).
   */
  private static final Set<String> CHANGED_BY_EVENTS_ONLY = changedByEventsOnly();

  /** The age told, or the one a birth year gives at the evaluation time. */
  static final String AGE = "traits.age";

  /**
   * In the attribute view only, not for rules: the birth year told, which makes the age grow with
   * the calendar (an age told as such stays as told).
   */
  static final String BIRTH_YEAR = "traits.birthYear";

  /**
   * Age and the fit scored on it (fit.FitScorer: every other criterion is a trait an event sets):
   * they follow the clock only for a visitor who told a birth year, and otherwise stay as they are
   * until the visitor's next event, like {@link #CHANGED_BY_EVENTS_ONLY}.
   */
  private static final Set<String> FOLLOWING_AGE =
      Set.of(AGE, "fit.score", "fit.grade", "leadTypes.profileFit");

  /**
   * Besides the days since ({@link TimeAttribute}) and {@link #FOLLOWING_AGE}, the attributes that
   * follow the clock: the decaying engagement score, the propensity, the stage and the purchase
   * frequency (the purchase rhythm), RFM recency, and other segments, which may be any of these.
   */
  private static final Set<String> FOLLOWING_THE_CLOCK =
      Set.of(
          "engagement.score",
          // learned: the probability of a purchase within the horizon (docs/scoring.md)
          "propensity.purchase7d",
          "stage",
          "leadTypes.purchaseFrequency",
          "rfm.recency",
          "segments");

  public static final Set<String> KNOWN = known();

  private ProfileAttributes() {}

  /**
   * Whether only the visitor's next event can change {@code attribute}, given the evaluated
   * profile's {@code attributes}: those of {@link #CHANGED_BY_EVENTS_ONLY} always, age and its fit
   * while no birth year is known.
   */
  public static boolean settledUntilNextEvent(String attribute, Map<String, ?> attributes) {
    return CHANGED_BY_EVENTS_ONLY.contains(attribute)
        || (FOLLOWING_AGE.contains(attribute) && attributes.get(BIRTH_YEAR) == null);
  }

  private static Set<String> changedByEventsOnly() {
    Set<String> events =
        new HashSet<>(
            Set.of(
                // demographic (age follows the clock)
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
                "rfm.frequency",
                "rfm.monetary",
                "topCategories",
                "interests",
                // influence
                "influence.score",
                "influence.followers",
                "influence.referredVisitors",
                "influence.referredBuyers",
                "influence.referredRevenue",
                // lead types
                "leadTypes.purchaseVolume",
                "leadTypes.influence",
                // hesitation: the open one (hook of the hesitation detector) and what the visitor
                // told us
                "hesitation.kind",
                "hesitation.primaryReason",
                "statedReason",
                // referral
                "referredBy"));
    CONSENT_CHANNELS.forEach(channel -> events.add("consent." + channel));
    return Set.copyOf(events);
  }

  private static Set<String> known() {
    Set<String> known = new HashSet<>(CHANGED_BY_EVENTS_ONLY);
    known.addAll(FOLLOWING_AGE);
    known.addAll(FOLLOWING_THE_CLOCK);
    for (TimeAttribute time : TimeAttribute.values()) {
      known.add(time.attribute());
    }
    return Set.copyOf(known);
  }
}
