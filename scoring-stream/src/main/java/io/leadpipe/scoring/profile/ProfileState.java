package io.leadpipe.scoring.profile;

import io.leadpipe.scoring.engagement.SignalState;
import io.leadpipe.scoring.history.ScoreHistory;
import io.leadpipe.scoring.leadtype.PurchaseStats;
import io.leadpipe.scoring.lifecycle.HesitationState;
import io.leadpipe.scoring.referral.ReferralTouch;
import io.leadpipe.scoring.traits.KnownTraits;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Internal per-visitor state: what the public profile is computed from (counters, decay state per
 * signal, purchase history, traits, reach, referral touch, hesitation, score history). Every part
 * is bounded. Kept in our own binary format ({@link ProfileStateCodec}) because the decay state is
 * not part of the contract.
 *
 * @param lastSeen latest event time of the visitor's own activity (web, social, identify)
 * @param asOf latest event time of anything applied (including hesitations and referral credits):
 *     the time the scores are computed at, so a replay gives the same profile
 * @param revision number of inputs applied
 * @param recentMessages the message ids applied within the dedupe window (and the grace before it),
 *     by which a retried input is dropped
 */
public record ProfileState(
    String visitorId,
    String userId,
    List<String> anonymousIds,
    Instant firstSeen,
    Instant lastSeen,
    Instant asOf,
    long revision,
    ActivityCounts activity,
    Cart cart,
    Map<String, SignalState> signals,
    PurchaseStats purchases,
    Map<String, Double> categoryViews,
    KnownTraits traits,
    Reach reach,
    ReferralTouch referral,
    HesitationState hesitation,
    List<ScoreHistory.Point> history,
    RecentMessages recentMessages) {

  /** A state that remembers no message ids (a folded person's, one made by hand). */
  public ProfileState(
      String visitorId,
      String userId,
      List<String> anonymousIds,
      Instant firstSeen,
      Instant lastSeen,
      Instant asOf,
      long revision,
      ActivityCounts activity,
      Cart cart,
      Map<String, SignalState> signals,
      PurchaseStats purchases,
      Map<String, Double> categoryViews,
      KnownTraits traits,
      Reach reach,
      ReferralTouch referral,
      HesitationState hesitation,
      List<ScoreHistory.Point> history) {
    this(
        visitorId,
        userId,
        anonymousIds,
        firstSeen,
        lastSeen,
        asOf,
        revision,
        activity,
        cart,
        signals,
        purchases,
        categoryViews,
        traits,
        reach,
        referral,
        hesitation,
        history,
        RecentMessages.none());
  }

  public ProfileState {
    anonymousIds = anonymousIds == null ? List.of() : List.copyOf(anonymousIds);
    activity = activity == null ? ActivityCounts.none() : activity;
    cart = cart == null ? Cart.empty() : cart;
    signals = signals == null ? Map.of() : Map.copyOf(signals);
    purchases = purchases == null ? PurchaseStats.none() : purchases;
    categoryViews = categoryViews == null ? Map.of() : Map.copyOf(categoryViews);
    traits = traits == null ? KnownTraits.none() : traits;
    reach = reach == null ? Reach.none() : reach;
    referral = referral == null ? ReferralTouch.none() : referral;
    hesitation = hesitation == null ? HesitationState.none() : hesitation;
    history = history == null ? List.of() : List.copyOf(history);
    recentMessages = recentMessages == null ? RecentMessages.none() : recentMessages;
  }

  /** A visitor first seen at {@code at}, with nothing applied yet. */
  public static ProfileState empty(String visitorId, Instant at) {
    return new ProfileState(
        visitorId, null, List.of(), at, at, at, 0, null, null, null, null, null, null, null, null,
        null, null);
  }

  public ProfileState withHistory(List<ScoreHistory.Point> next) {
    return with(next, recentMessages);
  }

  /**
   * The same state without the message ids it remembers: a copy folded into a person's profile
   * needs none (the member's own state keeps them).
   */
  public ProfileState withoutRecentMessages() {
    return with(history, RecentMessages.none());
  }

  private ProfileState with(List<ScoreHistory.Point> history, RecentMessages recentMessages) {
    return new ProfileState(
        visitorId,
        userId,
        anonymousIds,
        firstSeen,
        lastSeen,
        asOf,
        revision,
        activity,
        cart,
        signals,
        purchases,
        categoryViews,
        traits,
        reach,
        referral,
        hesitation,
        history,
        recentMessages);
  }
}
