package io.leadpipe.service.audience;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Whether a visitor is in a follow-up strategy's audience: every required segment and no excluded
 * one, the hesitation's kind, its likely or the visitor's stated reason, the lifecycle stage, every
 * lead type ({@code dimension:VALUE}), and the minimum scores; an empty condition holds for anyone.
 * The one rule both the notifier's strategy selection and scoring-stream's audience preview apply.
 */
public final class AudienceMatch {

  /**
   * What the audience is judged on. A visitor whose profile is not known has no segments, stage,
   * lead types or scores ({@link #withoutProfile}).
   *
   * @param hesitationKind the hesitation's kind (name), null when none
   * @param likelyReason its likely reason (name), null when none
   * @param statedReason the reason the visitor stated (name), null when none
   * @param segments ids of the segments the visitor is in
   * @param stage the lifecycle stage name, null when unknown
   * @param leadTypes {@code dimension:VALUE}
   */
  public record Candidate(
      String hesitationKind,
      String likelyReason,
      String statedReason,
      Collection<String> segments,
      String stage,
      Collection<String> leadTypes,
      double engagement,
      double fit,
      double influence) {

    public Candidate {
      segments = segments == null ? List.of() : List.copyOf(segments);
      leadTypes = leadTypes == null ? List.of() : List.copyOf(leadTypes);
    }

    public static Candidate withoutProfile(
        String hesitationKind, String likelyReason, String statedReason) {
      return new Candidate(
          hesitationKind, likelyReason, statedReason, List.of(), null, List.of(), 0, 0, 0);
    }
  }

  private AudienceMatch() {}

  /** A lead type as audiences name it. */
  public static String leadType(String dimension, Object value) {
    return dimension + ":" + value;
  }

  public static boolean matches(Audience a, Candidate c) {
    if (!a.hesitationKinds().isEmpty() && !contains(a.hesitationKinds(), c.hesitationKind())) {
      return false;
    }
    if (!a.reasons().isEmpty()
        && !contains(a.reasons(), c.likelyReason())
        && !contains(a.reasons(), c.statedReason())) {
      return false;
    }
    if (!c.segments().containsAll(a.requiredSegments())) {
      return false;
    }
    if (c.segments().stream().anyMatch(a.excludedSegments()::contains)) {
      return false;
    }
    if (!a.stages().isEmpty() && !contains(a.stages(), c.stage())) {
      return false;
    }
    if (!c.leadTypes().containsAll(a.leadTypes())) {
      return false;
    }
    return c.engagement() >= a.minEngagementScore()
        && c.fit() >= a.minFitScore()
        && c.influence() >= a.minInfluenceScore();
  }

  /** Immutable sets refuse {@code contains(null)}: nothing is in a set as null. */
  private static boolean contains(Set<String> set, String value) {
    return value != null && set.contains(value);
  }
}
