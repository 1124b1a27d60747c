package io.leadpipe.scoring.profile;

import java.time.Duration;

/**
 * Activity rules: a web session ends after {@code sessionInactivity} without web events (Google
 * Analytics' 30 minutes); the profile lists the {@code topCategories} most viewed categories, of
 * which the first {@code interestsFromCategories} count as interests next to the declared ones
 * (behaviour shows tastes).
 */
public record ActivityRules(
    Duration sessionInactivity, int topCategories, int interestsFromCategories) {

  public static ActivityRules defaults() {
    return new ActivityRules(Duration.ofMinutes(30), 5, 3);
  }
}
