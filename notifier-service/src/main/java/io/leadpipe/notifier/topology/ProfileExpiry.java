package io.leadpipe.notifier.topology;

import io.leadpipe.notifier.sequence.FollowupProfile;
import java.time.Duration;

/**
 * When the notifier forgets a visitor's profile copy: an anonymous visitor's a retention after
 * their last activity (as the scoring side forgets the visitor itself); a known user's only on a
 * tombstone or an erasure.
 */
final class ProfileExpiry {
  private ProfileExpiry() {}

  /**
   * Epoch ms at which the copy expires, the expiry schedule's key time; 0 when it never does (no
   * copy, a known user, or no last activity to count from).
   */
  static long dueAt(FollowupProfile p, Duration retention) {
    if (p == null || !p.anonymous() || p.lastSeen() == null) {
      return 0;
    }
    return p.lastSeen().plus(retention).toEpochMilli();
  }
}
