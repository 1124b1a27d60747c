package io.leadpipe.scoring.identity;

import java.time.Instant;

/**
 * What the identity graph tells the partition of one member id: its profile is now published under
 * {@code canonical} (LINK; the canonical itself gets a LINK to itself), it stands alone again (OWN,
 * after an undo), or everything about it is to be erased (ERASE).
 *
 * @param previousCanonical where the member's state was folded before (to leave it), or null
 * @param cause the merge id, or the erase request id
 */
public record RouteChange(
    Kind kind,
    String member,
    String canonical,
    String previousCanonical,
    String cause,
    Instant at) {

  public enum Kind {
    LINK,
    OWN,
    ERASE
  }
}
