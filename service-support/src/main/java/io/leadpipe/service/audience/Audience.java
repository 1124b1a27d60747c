package io.leadpipe.service.audience;

import java.util.Set;

/**
 * Who a follow-up strategy is for (the notifier's strategies; scoring-stream's audience preview);
 * an empty set means any. {@link AudienceMatch} says who is in it.
 *
 * @param reasons the hesitation's likely reason or the visitor's stated one is one of these
 * @param leadTypes {@code dimension:VALUE}, all required
 */
public record Audience(
    Set<String> requiredSegments,
    Set<String> excludedSegments,
    Set<String> hesitationKinds,
    Set<String> reasons,
    Set<String> stages,
    Set<String> leadTypes,
    double minEngagementScore,
    double minFitScore,
    double minInfluenceScore) {

  /** The parts' names, as the notifier's admin API takes an audience in JSON. */
  public static final Set<String> FIELDS =
      Set.of(
          "requiredSegments",
          "excludedSegments",
          "hesitationKinds",
          "reasons",
          "stages",
          "leadTypes",
          "minEngagementScore",
          "minFitScore",
          "minInfluenceScore");

  public static final Audience ANYONE =
      new Audience(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), 0, 0, 0);

  public Audience {
    requiredSegments = Set.copyOf(requiredSegments);
    excludedSegments = Set.copyOf(excludedSegments);
    hesitationKinds = Set.copyOf(hesitationKinds);
    reasons = Set.copyOf(reasons);
    stages = Set.copyOf(stages);
    leadTypes = Set.copyOf(leadTypes);
  }
}
