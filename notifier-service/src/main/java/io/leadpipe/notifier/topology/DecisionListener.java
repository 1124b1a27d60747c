package io.leadpipe.notifier.topology;

import io.leadpipe.schemas.followup.FollowupDecision;

/** Told about every decision the topology emits (metrics); must be cheap and must not throw. */
@FunctionalInterface
public interface DecisionListener {
  DecisionListener NONE = d -> {};

  void onDecision(FollowupDecision decision);
}
