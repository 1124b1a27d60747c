package io.leadpipe.scoring.lifecycle;

import java.time.Instant;

/**
 * The hesitation hook of the lifecycle: the open hesitation (DETECTED by the hesitation detector)
 * makes the visitor a hesitating buyer until it is RESOLVED or CLOSED, or until the visitor buys
 * after it; the last closed id keeps a re-delivered or late DETECTED from reopening it. The stated
 * reason is what the visitor answered when asked why they did not buy (latest answer wins).
 *
 * <p>To measure the reason inference, the state remembers the primary reason of the latest episode
 * detected (kept after it closes: the survey is often answered after a follow-up, when the episode
 * may be over) and, with each answer, the reason that was inferred when it was given ({@code
 * inferredReasonAtStatement}, null when no episode had been detected by then).
 */
public record HesitationState(
    OpenHesitation open,
    String lastClosedId,
    String statedReason,
    Instant statedReasonAt,
    String inferredReasonAtStatement,
    String lastInferredReason,
    Instant lastInferredAt) {

  public static HesitationState none() {
    return new HesitationState(null, null, null, null, null, null, null);
  }

  public boolean hesitating() {
    return open != null;
  }

  public HesitationState detected(OpenHesitation h) {
    if (h.hesitationId().equals(lastClosedId)) {
      return this;
    }
    if (open != null
        && !open.hesitationId().equals(h.hesitationId())
        && h.detectedAt().isBefore(open.detectedAt())) {
      // An older episode reported late does not replace the current one.
      return this;
    }
    // Nor, once the later one closed, does it replace that one's reason.
    boolean latestEpisode = lastInferredAt == null || !h.detectedAt().isBefore(lastInferredAt);
    String inferred = latestEpisode ? h.primaryReason() : lastInferredReason;
    Instant inferredAt = latestEpisode ? h.detectedAt() : lastInferredAt;
    return new HesitationState(
        h,
        lastClosedId,
        statedReason,
        statedReasonAt,
        inferredReasonAtStatement,
        inferred,
        inferredAt);
  }

  public HesitationState closed(String hesitationId) {
    OpenHesitation stillOpen =
        open != null && open.hesitationId().equals(hesitationId) ? null : open;
    return new HesitationState(
        stillOpen,
        hesitationId,
        statedReason,
        statedReasonAt,
        inferredReasonAtStatement,
        lastInferredReason,
        lastInferredAt);
  }

  /**
   * A purchase after the hesitating activity converts it: the stage moves on without waiting for
   * RESOLVED.
   */
  public HesitationState purchased(Instant at) {
    if (open == null || at.isBefore(open.lastActivityAt())) {
      return this;
    }
    return new HesitationState(
        null,
        open.hesitationId(),
        statedReason,
        statedReasonAt,
        inferredReasonAtStatement,
        lastInferredReason,
        lastInferredAt);
  }

  /** An answer: it replaces an earlier one, and is paired with the reason inferred by then. */
  public HesitationState stated(String reason, Instant at) {
    if (reason == null || (statedReasonAt != null && at.isBefore(statedReasonAt))) {
      return this;
    }
    return new HesitationState(
        open, lastClosedId, reason, at, lastInferredReason, lastInferredReason, lastInferredAt);
  }
}
