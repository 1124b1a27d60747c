package io.leadpipe.scoring.profile;

import io.leadpipe.scoring.influence.InfluenceStats;
import io.leadpipe.scoring.referral.ReferralCredit;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The visitor's influence so far: followers per network (latest count each), shares, mentions, and
 * the credits for visitors and buyers who came through their referral code; with when each last
 * changed, for the explanation.
 */
public record Reach(
    Map<String, Long> followersByNetwork,
    long shares,
    long mentions,
    long referredVisitors,
    long referredBuyers,
    double referredRevenue,
    Map<String, Instant> lastAt) {

  private static final String FOLLOWERS = "followers";

  public Reach {
    followersByNetwork = followersByNetwork == null ? Map.of() : Map.copyOf(followersByNetwork);
    lastAt = lastAt == null ? Map.of() : Map.copyOf(lastAt);
  }

  public static Reach none() {
    return new Reach(Map.of(), 0, 0, 0, 0, 0, Map.of());
  }

  public InfluenceStats stats() {
    long followers = followersByNetwork.values().stream().mapToLong(Long::longValue).sum();
    return new InfluenceStats(
        followers, shares, mentions, referredVisitors, referredBuyers, referredRevenue);
  }

  /**
   * The follower count on a network as of {@code at}; an older count than the one kept is ignored.
   */
  public Reach followers(String network, long count, Instant at) {
    Instant known = lastAt.get(FOLLOWERS + "." + network);
    if (known != null && at.isBefore(known)) {
      return this;
    }
    Map<String, Long> next = new HashMap<>(followersByNetwork);
    next.put(network, Math.max(0, count));
    Map<String, Instant> times = new HashMap<>(touched(FOLLOWERS, at));
    times.put(FOLLOWERS + "." + network, at);
    return new Reach(
        next, shares, mentions, referredVisitors, referredBuyers, referredRevenue, times);
  }

  /**
   * When an influence factor (followers, shares, mentions, referredVisitors, referredBuyers) last
   * changed.
   */
  public Instant lastChanged(String factor) {
    return lastAt.get(factor);
  }

  public Reach shared(Instant at) {
    return new Reach(
        followersByNetwork,
        shares + 1,
        mentions,
        referredVisitors,
        referredBuyers,
        referredRevenue,
        touched("shares", at));
  }

  public Reach mentioned(Instant at) {
    return new Reach(
        followersByNetwork,
        shares,
        mentions + 1,
        referredVisitors,
        referredBuyers,
        referredRevenue,
        touched("mentions", at));
  }

  public Reach credited(ReferralCredit credit) {
    return switch (credit.kind()) {
      case REFERRED_VISITOR ->
          new Reach(
              followersByNetwork,
              shares,
              mentions,
              referredVisitors + 1,
              referredBuyers,
              referredRevenue,
              touched("referredVisitors", credit.at()));
      case REFERRED_PURCHASE ->
          new Reach(
              followersByNetwork,
              shares,
              mentions,
              referredVisitors,
              referredBuyers + (credit.newBuyer() ? 1 : 0),
              referredRevenue + Math.max(0, credit.revenue()),
              touched("referredBuyers", credit.at()));
    };
  }

  private Map<String, Instant> touched(String factor, Instant at) {
    Map<String, Instant> next = new HashMap<>(lastAt);
    next.merge(factor, at, (a, b) -> a.isAfter(b) ? a : b);
    return next;
  }
}
