package io.leadpipe.notifier.policy;

import java.time.Instant;
import java.util.List;

/** When the visitor was last contacted, and every send still relevant to the frequency cap. */
public record ContactHistory(Instant lastSentAt, List<Instant> sentAt) {
  public static ContactHistory none() {
    return new ContactHistory(null, List.of());
  }
}
