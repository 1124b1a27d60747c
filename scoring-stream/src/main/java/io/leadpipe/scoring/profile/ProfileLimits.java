package io.leadpipe.scoring.profile;

/**
 * Bounds that keep one visitor's state small whatever they do: categories counted, cart lines,
 * anonymous ids, custom traits and recent message ids kept.
 *
 * @param messageIdsKept the most message ids remembered for dedupe ({@link RecentMessages}): a
 *     retry of an older one within the window counts again. Far above what a shopper sends in a
 *     day, so only a flood (a robot the user agent did not give away) reaches it.
 */
public record ProfileLimits(
    int categoriesKept,
    int cartLinesKept,
    int anonymousIdsKept,
    int customTraitsKept,
    int messageIdsKept) {

  public ProfileLimits {
    if (messageIdsKept < 1) {
      throw new IllegalArgumentException(
          "limits.message-ids-kept must be at least 1: " + messageIdsKept);
    }
  }

  public static ProfileLimits defaults() {
    return new ProfileLimits(20, 50, 10, 20, 500);
  }
}
