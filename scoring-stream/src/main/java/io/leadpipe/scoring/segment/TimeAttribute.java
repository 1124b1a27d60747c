package io.leadpipe.scoring.segment;

import java.util.Optional;

/**
 * The attributes that change with time alone: days (with decimals) from a moment of the profile to
 * the moment it is evaluated at. A rule comparing one with a number changes its answer when the
 * count crosses that number, which is when the visitor's timer fires (timing.TimeTimers).
 */
public enum TimeAttribute {
  FIRST_SEEN("activity.daysSinceFirstSeen"),
  LAST_SEEN("activity.daysSinceLastSeen"),
  /** Absent for a visitor who never bought. */
  LAST_PURCHASE("activity.daysSinceLastPurchase");

  public static final long DAY_MS = 86_400_000L;

  private final String attribute;

  TimeAttribute(String attribute) {
    this.attribute = attribute;
  }

  public String attribute() {
    return attribute;
  }

  public static Optional<TimeAttribute> of(String attribute) {
    for (TimeAttribute t : values()) {
      if (t.attribute.equals(attribute)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
