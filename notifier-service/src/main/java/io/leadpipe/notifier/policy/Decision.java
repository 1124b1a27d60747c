package io.leadpipe.notifier.policy;

import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.DecisionReason;
import java.time.Instant;

/**
 * The policy's answer for one due step: send it on a channel, delay it until a time, or suppress
 * it.
 */
public record Decision(
    DecisionOutcome outcome,
    DecisionReason reason,
    String channel,
    Instant delayedUntil,
    String detail) {

  static Decision send(String channel) {
    return new Decision(DecisionOutcome.SENT, DecisionReason.OK, channel, null, null);
  }

  static Decision delay(DecisionReason reason, Instant until, String detail) {
    return new Decision(DecisionOutcome.DELAYED, reason, null, until, detail);
  }

  static Decision suppress(DecisionReason reason, String detail) {
    return new Decision(DecisionOutcome.SUPPRESSED, reason, null, null, detail);
  }

  static Decision cancel(DecisionReason reason, String detail) {
    return new Decision(DecisionOutcome.CANCELLED, reason, null, null, detail);
  }
}
