package io.leadpipe.scoring.retention;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.profile.ProfileState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long the state of an anonymous visitor is kept: an anonymous visitor (no user id) whose own
 * activity (web, social, identify: {@link ProfileState#lastSeen()}) is older than {@code
 * anonymousInactivity} is removed. Most anonymous visitors never come back, and without this rule
 * every one of them would be kept for ever. A known user is always kept: they are a customer
 * relationship, and erasure is how they leave. A visitor linked to a person in the identity graph
 * is kept while linked: their state is part of the person's profile.
 *
 * <p>Configured as {@code leadpipe.scoring.retention.anonymous-inactivity} (default 180 days).
 *
 * @param anonymousInactivity how long an anonymous visitor may be inactive before being removed;
 *     positive (there is no "keep for ever": that is the unbounded state this rule exists to avoid)
 */
public record RetentionPolicy(Duration anonymousInactivity) {

  public static final Duration DEFAULT_ANONYMOUS_INACTIVITY = Duration.ofDays(180);

  public RetentionPolicy {
    if (anonymousInactivity == null
        || anonymousInactivity.isZero()
        || anonymousInactivity.isNegative()) {
      throw new IllegalArgumentException(
          "anonymousInactivity must be positive, got " + anonymousInactivity);
    }
  }

  public static RetentionPolicy defaults() {
    return new RetentionPolicy(DEFAULT_ANONYMOUS_INACTIVITY);
  }

  /** What to do with a visitor whose removal is due, decided when it is due. */
  public enum Action {
    /** Remove their state, published profile and memberships. */
    REMOVE,
    /** Not due yet (active again, or linked): look again at {@link Verdict#recheckAt()}. */
    RECHECK,
    /** Nothing to remove ever (a known user) or any more (the state is already gone). */
    FORGET
  }

  /**
   * @param recheckAt when to look again (only for {@link Action#RECHECK})
   */
  public record Verdict(Action action, Instant recheckAt) {
    static final Verdict REMOVE = new Verdict(Action.REMOVE, null);
    static final Verdict FORGET = new Verdict(Action.FORGET, null);

    static Verdict recheckAt(Instant at) {
      return new Verdict(Action.RECHECK, at);
    }
  }

  /**
   * When the visitor's state becomes due for removal if nothing else happens, or empty when it
   * never does (a known user, or no state).
   */
  public Optional<Instant> dueAt(ProfileState state) {
    return state == null ? Optional.empty() : dueAt(state.userId(), state.lastSeen());
  }

  /**
   * The same for a published profile, which carries the state's user id and last-seen time: what
   * the profile's publish needs, without reading the state again.
   */
  public Optional<Instant> dueAt(ProspectProfile profile) {
    return profile == null ? Optional.empty() : dueAt(profile.getUserId(), profile.getLastSeen());
  }

  private Optional<Instant> dueAt(String userId, Instant lastSeen) {
    if (userId != null && !userId.isEmpty()) {
      return Optional.empty(); // a known user
    }
    return Optional.of(lastSeen.plus(anonymousInactivity));
  }

  /**
   * The decision at {@code now} (stream time) for a visitor whose removal was due.
   *
   * @param linked whether the identity graph routes the visitor to a person (canonical or member)
   */
  public Verdict decide(ProfileState state, boolean linked, Instant now) {
    Optional<Instant> due = dueAt(state);
    if (due.isEmpty()) {
      return Verdict.FORGET;
    }
    if (linked) {
      // Kept while linked; an undo may make them stand alone again, so look again later rather
      // than forgetting them.
      return Verdict.recheckAt(later(due.get(), now.plus(anonymousInactivity)));
    }
    if (due.get().isAfter(now)) {
      return Verdict.recheckAt(due.get());
    }
    return Verdict.REMOVE;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
