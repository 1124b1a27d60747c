package io.leadpipe.scoring.identity;

import io.leadpipe.scoring.engagement.EngagementScorer;
import io.leadpipe.scoring.engagement.SignalState;
import io.leadpipe.scoring.leadtype.PurchaseStats;
import io.leadpipe.scoring.lifecycle.HesitationState;
import io.leadpipe.scoring.lifecycle.OpenHesitation;
import io.leadpipe.scoring.profile.ActivityCounts;
import io.leadpipe.scoring.profile.Cart;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.profile.Reach;
import io.leadpipe.scoring.profile.ScoringRules;
import io.leadpipe.scoring.referral.ReferralTouch;
import io.leadpipe.scoring.rfm.TopCategories;
import io.leadpipe.scoring.traits.Consent;
import io.leadpipe.scoring.traits.KnownTraits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * members' own states → the one profile state of the person they are: counters, spend and shares
 * add up; decayed signals are combined in event time; traits and consent keep the newest answer
 * field by field; the cart and the browser timezone are the most recently active member's; referral
 * credit keeps the first touch; the open hesitation is the most recently detected one not closed by
 * any member. The merged state is a fold of the members, never an input to the next one, so
 * removing a member (undo) is simply folding the others again.
 */
public final class ProfileMerger {

  private final ScoringRules rules;
  private final EngagementScorer engagement;

  public ProfileMerger(ScoringRules rules) {
    this.rules = rules;
    this.engagement = new EngagementScorer(rules.engagement());
  }

  /**
   * The merged state published under {@code canonicalId}. {@code members} are the own states of the
   * linked ids (any order; null entries are ids with no activity yet). The score history is left
   * empty: the caller keeps the merged profile's own history.
   */
  public ProfileState merge(String canonicalId, List<ProfileState> members) {
    List<ProfileState> states =
        members.stream()
            .filter(Objects::nonNull)
            .sorted(Comparator.comparing(ProfileState::lastSeen))
            .toList();
    if (states.isEmpty()) {
      return null;
    }
    ProfileState newest = states.get(states.size() - 1);
    Instant firstSeen =
        states.stream().map(ProfileState::firstSeen).min(Instant::compareTo).orElseThrow();
    Instant asOf = states.stream().map(ProfileState::asOf).max(Instant::compareTo).orElseThrow();
    long revision = states.stream().mapToLong(ProfileState::revision).sum();
    Map<String, SignalState> signals = Map.of();
    PurchaseStats purchases = PurchaseStats.none();
    Map<String, Double> categories = new HashMap<>();
    for (ProfileState s : states) {
      signals = engagement.combine(signals, s.signals());
      purchases = purchases(purchases, s.purchases());
      s.categoryViews().forEach((c, n) -> categories.merge(c, n, Double::sum));
    }
    return new ProfileState(
        canonicalId,
        userId(states),
        knownIds(canonicalId, states),
        firstSeen,
        newest.lastSeen(),
        asOf,
        revision,
        activity(states),
        cartOf(states),
        signals,
        purchases,
        topCategories(categories),
        traits(states),
        reach(states),
        referral(states),
        hesitation(states),
        List.of());
  }

  /**
   * The user id told most recently (guardrails allow one per person, so normally there is just
   * one).
   */
  private static String userId(List<ProfileState> byLastSeen) {
    String userId = null;
    for (ProfileState s : byLastSeen) {
      if (s.userId() != null) {
        userId = s.userId();
      }
    }
    return userId;
  }

  /**
   * Every member id and the ids they were known by, other than the canonical id; the members always
   * fit.
   */
  private List<String> knownIds(String canonicalId, List<ProfileState> states) {
    Set<String> members = new LinkedHashSet<>();
    Set<String> others = new LinkedHashSet<>();
    for (ProfileState s : states) {
      members.add(s.visitorId());
      others.addAll(s.anonymousIds());
    }
    members.remove(canonicalId);
    others.removeAll(members);
    others.remove(canonicalId);
    List<String> ids = new ArrayList<>(members);
    others.stream().limit(rules.limits().anonymousIdsKept()).forEach(ids::add);
    return ids;
  }

  private static ActivityCounts activity(List<ProfileState> states) {
    int sessions = 0,
        pageViews = 0,
        productViews = 0,
        searches = 0,
        coupons = 0,
        cartAdds = 0,
        cartRemoves = 0,
        checkouts = 0,
        reviews = 0,
        social = 0;
    Instant lastWebAt = null;
    for (ProfileState s : states) {
      ActivityCounts a = s.activity();
      sessions += a.sessions();
      pageViews += a.pageViews();
      productViews += a.productViews();
      searches += a.searches();
      coupons += a.couponSearches();
      cartAdds += a.cartAdds();
      cartRemoves += a.cartRemoves();
      checkouts += a.checkouts();
      reviews += a.reviewsRead();
      social += a.socialInteractions();
      lastWebAt = later(lastWebAt, a.lastWebAt());
    }
    return new ActivityCounts(
        sessions,
        lastWebAt,
        pageViews,
        productViews,
        searches,
        coupons,
        cartAdds,
        cartRemoves,
        checkouts,
        reviews,
        social);
  }

  /** The cart of the device used last on the site: that is the cart the person has now. */
  private static Cart cartOf(List<ProfileState> states) {
    return states.stream()
        .filter(s -> s.activity().lastWebAt() != null)
        .max(Comparator.comparing(s -> s.activity().lastWebAt()))
        .map(ProfileState::cart)
        .orElse(Cart.empty());
  }

  private static PurchaseStats purchases(PurchaseStats a, PurchaseStats b) {
    return new PurchaseStats(
        a.purchases() + b.purchases(),
        a.totalSpend() + b.totalSpend(),
        a.totalQuantity() + b.totalQuantity(),
        earlier(a.firstPurchase(), b.firstPurchase()),
        later(a.lastPurchase(), b.lastPurchase()));
  }

  private Map<String, Double> topCategories(Map<String, Double> counts) {
    int keep = rules.limits().categoriesKept();
    if (counts.size() <= keep) {
      return counts;
    }
    Map<String, Double> kept = new HashMap<>();
    TopCategories.top(counts, keep).forEach(c -> kept.put(c, counts.get(c)));
    return kept;
  }

  /** Field by field, the value told last wins; consent per channel, the newest answer wins. */
  private static KnownTraits traits(List<ProfileState> byLastSeen) {
    Map<String, String> values = new HashMap<>();
    Map<String, Instant> setAt = new HashMap<>();
    Map<String, Consent> consent = new HashMap<>();
    List<String> interests = List.of();
    String observedTimezone = null;
    for (ProfileState s : byLastSeen) {
      KnownTraits t = s.traits();
      t.values()
          .forEach(
              (name, value) -> {
                Instant at = t.setAt().get(name);
                Instant known = setAt.get(name);
                if (known == null || (at != null && !at.isBefore(known))) {
                  values.put(name, value);
                  if (at != null) {
                    setAt.put(name, at);
                  }
                }
              });
      Instant interestsAt = t.setAt().get(KnownTraits.INTERESTS);
      Instant knownInterestsAt = setAt.get(KnownTraits.INTERESTS);
      if (!t.interests().isEmpty()
          && (knownInterestsAt == null
              || (interestsAt != null && !interestsAt.isBefore(knownInterestsAt)))) {
        interests = t.interests();
        if (interestsAt != null) {
          setAt.put(KnownTraits.INTERESTS, interestsAt);
        }
      }
      t.consent()
          .forEach(
              (channel, c) -> consent.merge(channel, c, (x, y) -> y.at().isBefore(x.at()) ? x : y));
      if (t.observedTimezone() != null) {
        observedTimezone = t.observedTimezone();
      }
    }
    return new KnownTraits(values, interests, consent, setAt, observedTimezone);
  }

  private static Reach reach(List<ProfileState> states) {
    Map<String, Long> followers = new HashMap<>();
    Map<String, Instant> lastAt = new HashMap<>();
    long shares = 0, mentions = 0, referredVisitors = 0, referredBuyers = 0;
    double referredRevenue = 0;
    for (ProfileState s : states) {
      Reach r = s.reach();
      r.followersByNetwork()
          .forEach(
              (network, count) -> {
                String key = "followers." + network;
                Instant at = r.lastAt().get(key);
                Instant known = lastAt.get(key);
                if (known == null || (at != null && at.isAfter(known))) {
                  followers.put(network, count);
                }
              });
      r.lastAt().forEach((factor, at) -> lastAt.merge(factor, at, ProfileMerger::later));
      shares += r.shares();
      mentions += r.mentions();
      referredVisitors += r.referredVisitors();
      referredBuyers += r.referredBuyers();
      referredRevenue += r.referredRevenue();
    }
    return new Reach(
        followers, shares, mentions, referredVisitors, referredBuyers, referredRevenue, lastAt);
  }

  /**
   * Own codes of every device; referred by the earliest arrival (first touch); purchases not yet
   * attributed.
   */
  private ReferralTouch referral(List<ProfileState> states) {
    Set<String> codes = new LinkedHashSet<>();
    String referredBy = null;
    Instant referredAt = null;
    List<ReferralTouch.Purchase> unattributed = new ArrayList<>();
    for (ProfileState s : states) {
      ReferralTouch r = s.referral();
      codes.addAll(r.ownCodes());
      if (r.referredBy() != null && (referredAt == null || r.referredAt().isBefore(referredAt))) {
        referredBy = r.referredBy();
        referredAt = r.referredAt();
      }
      unattributed.addAll(r.unattributed());
    }
    List<String> ownCodes = new ArrayList<>(codes);
    int codesKept = rules.referral().codesKept();
    int purchasesKept = rules.referral().purchasesRemembered();
    unattributed.sort(Comparator.comparing(ReferralTouch.Purchase::at));
    return new ReferralTouch(
        ownCodes.subList(Math.max(0, ownCodes.size() - codesKept), ownCodes.size()),
        referredBy,
        referredAt,
        unattributed.subList(
            Math.max(0, unattributed.size() - purchasesKept), unattributed.size()));
  }

  /**
   * The most recently detected open hesitation that no member closed; the stated reason answered
   * last with the reason inferred then; the reason of the latest episode any member saw.
   */
  private static HesitationState hesitation(List<ProfileState> states) {
    Set<String> closed = new LinkedHashSet<>();
    states.forEach(
        s -> {
          if (s.hesitation().lastClosedId() != null) {
            closed.add(s.hesitation().lastClosedId());
          }
        });
    OpenHesitation open =
        states.stream()
            .map(s -> s.hesitation().open())
            .filter(h -> h != null && !closed.contains(h.hesitationId()))
            .max(Comparator.comparing(OpenHesitation::detectedAt))
            .orElse(null);
    HesitationState stated =
        states.stream()
            .map(ProfileState::hesitation)
            .filter(h -> h.statedReasonAt() != null)
            .max(Comparator.comparing(HesitationState::statedReasonAt))
            .orElse(HesitationState.none());
    String lastClosed =
        states.stream()
            .map(s -> s.hesitation().lastClosedId())
            .filter(Objects::nonNull)
            .reduce((a, b) -> b)
            .orElse(null);
    HesitationState inferred =
        states.stream()
            .map(ProfileState::hesitation)
            .filter(h -> h.lastInferredAt() != null)
            .max(Comparator.comparing(HesitationState::lastInferredAt))
            .orElse(HesitationState.none());
    return new HesitationState(
        open,
        lastClosed,
        stated.statedReason(),
        stated.statedReasonAt(),
        stated.inferredReasonAtStatement(),
        inferred.lastInferredReason(),
        inferred.lastInferredAt());
  }

  private static Instant later(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }
}
