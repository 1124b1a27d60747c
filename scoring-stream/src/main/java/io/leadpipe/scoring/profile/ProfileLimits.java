package io.leadpipe.scoring.profile;

/**
 * Bounds that keep one visitor's state small whatever they do: categories counted, cart lines,
 * anonymous ids and custom traits kept.
 */
public record ProfileLimits(
    int categoriesKept, int cartLinesKept, int anonymousIdsKept, int customTraitsKept) {

  public static ProfileLimits defaults() {
    return new ProfileLimits(20, 50, 10, 20);
  }
}
