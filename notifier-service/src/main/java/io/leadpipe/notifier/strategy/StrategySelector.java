package io.leadpipe.notifier.strategy;

import io.leadpipe.notifier.sequence.FollowupProfile;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.service.audience.Audience;
import io.leadpipe.service.audience.AudienceMatch;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Rule: of the enabled strategies whose audience the hesitating visitor is in ({@link
 * AudienceMatch}, shared with scoring-stream's audience preview), the one with the highest priority
 * (ties: the smallest strategy id) follows the hesitation up. A visitor whose profile has not
 * arrived yet has no segments, stage, lead types or scores.
 */
public final class StrategySelector {

  private static final Comparator<Strategy> FIRST_CHOICE =
      Comparator.comparingInt(Strategy::priority).reversed().thenComparing(Strategy::strategyId);

  private StrategySelector() {}

  /**
   * @param stated the visitor's stated reason during this hesitation, null if none
   * @param profile null when none arrived yet
   */
  public static Optional<Strategy> select(
      Collection<Strategy> strategies,
      HesitationKind kind,
      HesitationReason likely,
      HesitationReason stated,
      FollowupProfile profile) {
    return strategies.stream()
        .filter(Strategy::enabled)
        .filter(s -> matches(s.audience(), kind, likely, stated, profile))
        .min(FIRST_CHOICE);
  }

  /** The shared audience rule ({@link AudienceMatch}) over the hesitation and the profile copy. */
  static boolean matches(
      Audience a,
      HesitationKind kind,
      HesitationReason likely,
      HesitationReason stated,
      FollowupProfile profile) {
    String k = kind == null ? null : kind.name();
    String l = likely == null ? null : likely.name();
    String s = stated == null ? null : stated.name();
    return AudienceMatch.matches(
        a,
        profile == null
            ? AudienceMatch.Candidate.withoutProfile(k, l, s)
            : new AudienceMatch.Candidate(
                k,
                l,
                s,
                profile.segments(),
                profile.stage(),
                profile.leadTypes(),
                profile.engagement(),
                profile.fit(),
                profile.influence()));
  }
}
