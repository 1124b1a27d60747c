package io.leadpipe.scoring.topology;

import io.leadpipe.scoring.profile.ScoringRules;
import java.time.Duration;

/**
 * Everything the topology needs, as plain values (Micronaut configuration maps into this; the
 * property names are listed in docs/scoring.md): the scoring rules, and the stream's time windows.
 *
 * @param dedupeWindow a message id seen again within this window is dropped
 * @param grace a visitor's event older than their latest event minus this is dropped
 * @param segmentCheckInterval how often each task checks the segment definitions for changes (wall
 *     clock)
 */
public record ScoringConfig(
    ScoringRules rules, Duration dedupeWindow, Duration grace, Duration segmentCheckInterval) {

  public static ScoringConfig defaults() {
    return new ScoringConfig(
        ScoringRules.defaults(), Duration.ofHours(24), Duration.ofHours(1), Duration.ofSeconds(1));
  }
}
