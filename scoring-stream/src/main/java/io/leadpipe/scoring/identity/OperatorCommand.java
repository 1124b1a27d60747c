package io.leadpipe.scoring.identity;

import java.time.Instant;

/**
 * An operator's command to the identity graph (from leadpipe.identity-commands): undo a merge or
 * erase a person.
 */
public record OperatorCommand(
    String commandId,
    Kind kind,
    String mergeId,
    String visitorId,
    String requestedBy,
    Instant requestedAt) {

  public enum Kind {
    UNDO_MERGE,
    ERASE
  }
}
