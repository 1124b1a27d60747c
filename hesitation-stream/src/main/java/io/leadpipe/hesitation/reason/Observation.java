package io.leadpipe.hesitation.reason;

import java.time.Instant;
import java.util.Objects;

/**
 * One behaviour observed, with the event behind it: what supports a likely reason.
 *
 * @param signal what was observed
 * @param at when (event time)
 * @param messageId the event's message id, so an operator can find it
 * @param detail a short human-readable detail (query, product, amounts), or null
 */
public record Observation(BehaviourSignal signal, Instant at, String messageId, String detail) {
  public Observation {
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(at, "at");
  }
}
