package io.leadpipe.notifier;

import io.leadpipe.notifier.topology.DecisionListener;
import io.leadpipe.schemas.followup.FollowupDecision;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts every decision by outcome, reason and play, e.g.
 * leadpipe_followup_decisions_total{outcome="SENT"}.
 */
final class DecisionMetrics implements DecisionListener {
  private final MeterRegistry meters;

  DecisionMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  @Override
  public void onDecision(FollowupDecision d) {
    meters
        .counter(
            "leadpipe.followup.decisions",
            "outcome",
            d.getOutcome().name(),
            "reason",
            d.getReason().name(),
            "play",
            d.getPlay() == null ? "NONE" : d.getPlay().name(),
            "hesitation_reason",
            d.getHesitationReason().name())
        .increment();
  }
}
