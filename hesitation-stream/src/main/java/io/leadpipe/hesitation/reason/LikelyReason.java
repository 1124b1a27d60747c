package io.leadpipe.hesitation.reason;

import io.leadpipe.schemas.common.HesitationReason;
import java.util.List;

/**
 * A likely reason for holding back, how confident we are (0..1), and the observations that support
 * it (most recent first). UNKNOWN carries no evidence.
 */
public record LikelyReason(HesitationReason reason, double confidence, List<Observation> evidence) {
  public LikelyReason {
    evidence = List.copyOf(evidence);
  }
}
