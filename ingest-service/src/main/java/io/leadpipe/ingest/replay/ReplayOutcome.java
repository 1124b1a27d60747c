package io.leadpipe.ingest.replay;

import io.leadpipe.service.problem.Violation;
import java.util.List;

/**
 * What a replay did with one dead letter.
 *
 * @param deadLetter its {@code <partition>/<offset>}
 * @param outcome what happened
 * @param why in words: why it was skipped, rejected again, failed or not attempted; for REPLAYED
 *     only when its ledger entry could not be written
 * @param topic where it was (or would be) written
 * @param messageId the event's message id (ingest's dead letters), kept by the replay
 * @param violations for REJECTED_AGAIN, each violation with its path, as the HTTP API reports them
 */
public record ReplayOutcome(
    String deadLetter,
    String application,
    String source,
    String reason,
    Outcome outcome,
    String why,
    String topic,
    String messageId,
    List<Violation> violations) {

  public enum Outcome {
    /** Written again (to the events topic, or the original topic) and recorded in the ledger. */
    REPLAYED,
    /** A dry run: it passes validation now and would be written. */
    WOULD_REPLAY,
    /**
     * Still invalid: reported with its violations, not dead-lettered again (a retry must not add a
     * dead letter each time).
     */
    REJECTED_AGAIN,
    /** Not replayable (no original, unknown source, ...) or replayed before. */
    SKIPPED,
    /** Kafka did not take it; the replay stopped here. */
    FAILED,
    /** Not tried: the replay stopped (a failure, or the per-request limit). */
    NOT_ATTEMPTED
  }

  static ReplayOutcome of(StoredDeadLetter d, Outcome outcome, String why) {
    return new ReplayOutcome(
        d.id().toString(),
        d.letter().getApplication(),
        d.sourceName(),
        d.letter().getReason(),
        outcome,
        why,
        null,
        null,
        List.of());
  }

  ReplayOutcome to(String topic, String messageId) {
    return new ReplayOutcome(
        deadLetter, application, source, reason, outcome, why, topic, messageId, violations);
  }

  ReplayOutcome violations(List<Violation> found) {
    return new ReplayOutcome(
        deadLetter, application, source, reason, outcome, why, topic, messageId, found);
  }
}
