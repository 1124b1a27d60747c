package io.leadpipe.notifier.policy;

import io.leadpipe.schemas.common.HesitationReason;
import java.util.List;
import java.util.Map;

/**
 * What the policy needs to know about a visitor: consent per channel (status name), timezone,
 * score, segments. {@code consent} values are the ConsentStatus names (GRANTED, DENIED, REVOKED,
 * UNKNOWN).
 */
public record Prospect(
    String userId,
    Map<String, String> consent,
    String timezone,
    double engagementScore,
    List<String> segments,
    HesitationReason statedReason) {

  /** Before any profile arrives we know nothing, in particular no consent: nothing is sent. */
  public static Prospect unknown() {
    return new Prospect(null, Map.of(), null, 0.0, List.of(), null);
  }
}
