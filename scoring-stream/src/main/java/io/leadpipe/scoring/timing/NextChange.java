package io.leadpipe.scoring.timing;

import io.leadpipe.scoring.engagement.EngagementScorer;
import io.leadpipe.scoring.leadtype.LeadTypeClassifier;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.profile.ScoringRules;
import io.leadpipe.scoring.segment.TimeAttribute;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * next change of a visitor with no event = the earliest moment after {@code evaluatedAt} at which a
 * time attribute crosses a threshold of an enabled rule (reference time + threshold days: first
 * seen, last seen, last purchase), the decaying engagement score crosses a threshold of an enabled
 * rule, the stage turns AT_RISK or LAPSED, a prospect's fading engagement moves them between
 * ENGAGED_PROSPECT and VISITOR, the purchase frequency moves down, or the RFM recency score drops.
 * Each moment is the first millisecond the new answer holds, so a timer due then evaluates the
 * changed profile. Plain: no Kafka, no clock.
 */
public final class NextChange {

  private static final Duration FIRST_MS_AFTER = Duration.ofMillis(1);

  private final ScoringRules rules;
  private final LeadTypeClassifier leadTypes;
  private final EngagementScorer engagement;

  /** Where the unrounded score must be for the shown one to make a prospect engaged. */
  private final double engagedLevel;

  public NextChange(ScoringRules rules) {
    this.rules = rules;
    this.leadTypes = new LeadTypeClassifier(rules.leadTypes());
    this.engagement = new EngagementScorer(rules.engagement());
    this.engagedLevel = TimeThresholds.reachesLevel(rules.lifecycle().engagedThreshold());
  }

  public Optional<Instant> after(ProfileState s, TimeThresholds thresholds, Instant evaluatedAt) {
    List<Instant> moments = moments(s, thresholds);
    engagementCrossings(moments, s, thresholds, evaluatedAt);
    return moments.stream().filter(m -> m.isAfter(evaluatedAt)).min(Comparator.naturalOrder());
  }

  /**
   * The first ms the shown engagement score answers a rule differently, or moves a prospect's stage
   * (one who has not bought and is not hesitating), after {@code from}.
   */
  private void engagementCrossings(
      List<Instant> moments, ProfileState s, TimeThresholds thresholds, Instant from) {
    for (double level : thresholds.engagementLevels()) {
      crossing(moments, s, from, level);
    }
    if (rules.lifecycle().followsEngagement(s.purchases(), s.hesitation().hesitating())) {
      crossing(moments, s, from, engagedLevel);
    }
  }

  private void crossing(List<Instant> moments, ProfileState s, Instant from, double level) {
    engagement
        .nextCrossing(s.signals(), from, level)
        .ifPresent(m -> moments.add(m.plus(FIRST_MS_AFTER)));
  }

  /** Every moment the profile of {@code s} changes with time alone, in no particular order. */
  List<Instant> moments(ProfileState s, TimeThresholds thresholds) {
    List<Instant> moments = new ArrayList<>();
    crossings(moments, s.firstSeen(), thresholds, TimeAttribute.FIRST_SEEN);
    crossings(moments, s.lastSeen(), thresholds, TimeAttribute.LAST_SEEN);
    var purchases = s.purchases();
    Instant lastPurchase = purchases.lastPurchase();
    if (lastPurchase != null) {
      crossings(moments, lastPurchase, thresholds, TimeAttribute.LAST_PURCHASE);
      rules
          .lifecycle()
          .stageMoments(purchases)
          .ifPresent(
              stage -> {
                for (Instant m : stage) {
                  moments.add(m.plus(FIRST_MS_AFTER));
                }
              });
      leadTypes.frequencyMoments(purchases).forEach(m -> moments.add(m.plus(FIRST_MS_AFTER)));
      // Recency counts whole days: a score for "at most N days" holds until N + 1 whole days.
      for (int limit : rules.rfm().recencyDays()) {
        moments.add(lastPurchase.plus(Duration.ofDays(limit + 1L)));
      }
    }
    return moments;
  }

  private static void crossings(
      List<Instant> moments, Instant from, TimeThresholds thresholds, TimeAttribute attribute) {
    if (from == null) {
      return;
    }
    for (double days : thresholds.of(attribute)) {
      long ms = Math.round(days * TimeAttribute.DAY_MS);
      // At exactly the threshold "gte" already holds and "gt" not yet: one ms later both agree.
      moments.add(from.plusMillis(ms).plus(FIRST_MS_AFTER));
    }
  }
}
