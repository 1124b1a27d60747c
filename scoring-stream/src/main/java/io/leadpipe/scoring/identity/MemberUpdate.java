package io.leadpipe.scoring.identity;

import io.leadpipe.scoring.profile.ProfileState;

/**
 * Sent from a linked id's partition to its canonical id's: the member's own state after a change
 * (to fold into the person's profile), or that the member left (undo, erase). Internal, JSON on the
 * members-by-canonical topic.
 */
public record MemberUpdate(String member, ProfileState state, boolean left) {

  /** The member's state to fold, without what only its own partition needs (dedupe ids). */
  static MemberUpdate state(String member, ProfileState state) {
    return new MemberUpdate(member, state == null ? null : state.withoutRecentMessages(), false);
  }

  static MemberUpdate leave(String member) {
    return new MemberUpdate(member, null, true);
  }
}
