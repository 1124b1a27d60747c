package io.leadpipe.ingest.trust;

/**
 * A follower count as the sender declared it: leadpipe cannot check it, so it is capped, and the
 * event says it was declared (and whether it was capped) so consumers can tell.
 *
 * @param count the count kept: the declared one, at most the cap
 * @param capped whether the declared count was above the cap
 */
public record DeclaredFollowers(long count, boolean capped) {

  /** {@code declared} capped at {@code max}. */
  public static DeclaredFollowers of(long declared, long max) {
    return declared > max
        ? new DeclaredFollowers(max, true)
        : new DeclaredFollowers(declared, false);
  }
}
