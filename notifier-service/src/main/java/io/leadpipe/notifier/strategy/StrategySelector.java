package io.leadpipe.notifier.strategy;

import io.leadpipe.notifier.sequence.FollowupProfile;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Rule: of the enabled strategies whose audience the hesitating visitor is in, the one with the
 * highest priority (ties: the smallest strategy id) follows the hesitation up. Audience: every
 * required segment and no excluded one, the hesitation's kind, its likely or the visitor's stated
 * reason, the lifecycle stage, every lead type, and the minimum scores; an empty condition holds
 * for anyone. A visitor whose profile has not arrived yet has no segments, stage, lead types or
 * scores.
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

  static boolean matches(
      Strategy.Audience a,
      HesitationKind kind,
      HesitationReason likely,
      HesitationReason stated,
      FollowupProfile profile) {
    if (!a.hesitationKinds().isEmpty() && !a.hesitationKinds().contains(kind.name())) {
      return false;
    }
    if (!a.reasons().isEmpty()
        && !a.reasons().contains(likely.name())
        && (stated == null || !a.reasons().contains(stated.name()))) {
      return false;
    }
    FollowupProfile p = profile;
    if (!a.requiredSegments().isEmpty()
        && (p == null || !p.segments().containsAll(a.requiredSegments()))) {
      return false;
    }
    if (p != null && p.segments().stream().anyMatch(a.excludedSegments()::contains)) {
      return false;
    }
    if (!a.stages().isEmpty() && (p == null || !a.stages().contains(p.stage()))) {
      return false;
    }
    if (!a.leadTypes().isEmpty() && (p == null || !p.leadTypes().containsAll(a.leadTypes()))) {
      return false;
    }
    double engagement = p == null ? 0 : p.engagement();
    double fit = p == null ? 0 : p.fit();
    double influence = p == null ? 0 : p.influence();
    return engagement >= a.minEngagementScore()
        && fit >= a.minFitScore()
        && influence >= a.minInfluenceScore();
  }
}
