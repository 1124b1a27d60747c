package io.leadpipe.scoring.lifecycle;

import java.time.Instant;

/**
 * The hesitation hook of the lifecycle: the open hesitation (DETECTED by the hesitation detector)
 * makes the visitor a hesitating buyer until it is RESOLVED or CLOSED, or until the visitor buys
 * after it; the last closed id keeps a re-delivered or late DETECTED from reopening it. The stated
 * reason is what the visitor answered when asked why they did not buy (latest answer wins).
 */
public record HesitationState(
    OpenHesitation open, String lastClosedId, String statedReason, Instant statedReasonAt) {

  public static HesitationState none() {
    return new HesitationState(null, null, null, null);
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
    return new HesitationState(h, lastClosedId, statedReason, statedReasonAt);
  }

  public HesitationState closed(String hesitationId) {
    OpenHesitation stillOpen =
        open != null && open.hesitationId().equals(hesitationId) ? null : open;
    return new HesitationState(stillOpen, hesitationId, statedReason, statedReasonAt);
  }

  /**
   * A purchase after the hesitating activity converts it: the stage moves on without waiting for
   * RESOLVED.
   */
  public HesitationState purchased(Instant at) {
    if (open == null || at.isBefore(open.lastActivityAt())) {
      return this;
    }
    return new HesitationState(null, open.hesitationId(), statedReason, statedReasonAt);
  }

  public HesitationState stated(String reason, Instant at) {
    if (reason == null || (statedReasonAt != null && at.isBefore(statedReasonAt))) {
      return this;
    }
    return new HesitationState(open, lastClosedId, reason, at);
  }
}
