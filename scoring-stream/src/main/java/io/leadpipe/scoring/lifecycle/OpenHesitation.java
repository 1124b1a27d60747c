package io.leadpipe.scoring.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * A hesitation the detector reported and nobody resolved yet: its id, kind and likely reasons (the
 * contract's symbols), most confident first. The evidence behind the reasons stays on the
 * hesitation record.
 */
public record OpenHesitation(
    String hesitationId,
    String kind,
    Instant detectedAt,
    Instant lastActivityAt,
    String primaryReason,
    List<LikelyReason> reasons) {

  public OpenHesitation {
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }

  /** One likely reason and how confident the detector is (0..1). */
  public record LikelyReason(String reason, double confidence) {}
}
