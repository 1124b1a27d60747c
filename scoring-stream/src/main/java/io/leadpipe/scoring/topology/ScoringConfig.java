package io.leadpipe.scoring.topology;

import io.leadpipe.scoring.profile.ScoringRules;
import io.leadpipe.scoring.retention.RetentionPolicy;
import java.time.Duration;

/**
 * Everything the topology needs, as plain values (Micronaut configuration maps into this; the
 * property names are listed in docs/scoring.md): the scoring rules, and the stream's time windows.
 *
 * @param dedupeWindow a message id seen again within this window is dropped
 * @param grace a visitor's event older than their latest event minus this is dropped
 * @param segmentCheckInterval how often each task checks the segment definitions for changes (wall
 *     clock)
 * @param publishInterval how often each task publishes the profiles (and segment changes) of the
 *     visitors whose state changed since the last publish (wall clock): a visitor's events within
 *     one interval make one profile record. Keep it at the Streams commit interval (100 ms): under
 *     exactly-once nothing is visible before a commit anyway
 * @param retention how long an inactive anonymous visitor's state is kept ({@code retention.*})
 */
public record ScoringConfig(
    ScoringRules rules,
    Duration dedupeWindow,
    Duration grace,
    Duration segmentCheckInterval,
    Duration publishInterval,
    RetentionPolicy retention) {

  public ScoringConfig {
    if (publishInterval == null || publishInterval.isNegative() || publishInterval.isZero()) {
      throw new IllegalArgumentException("publish-interval must be positive: " + publishInterval);
    }
  }

  public static ScoringConfig defaults() {
    return new ScoringConfig(
        ScoringRules.defaults(),
        Duration.ofHours(24),
        Duration.ofHours(1),
        Duration.ofSeconds(1),
        Duration.ofMillis(100),
        RetentionPolicy.defaults());
  }

  /** The same settings with other scoring rules. */
  public ScoringConfig withRules(ScoringRules other) {
    return new ScoringConfig(
        other, dedupeWindow, grace, segmentCheckInterval, publishInterval, retention);
  }

  public ScoringConfig withRetention(RetentionPolicy retention) {
    return new ScoringConfig(
        rules, dedupeWindow, grace, segmentCheckInterval, publishInterval, retention);
  }
}
