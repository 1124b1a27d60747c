package io.leadpipe.scoring.fit;

import java.util.Set;

/**
 * The configured target customer, with a weight per criterion. Empty sets mean "any" and that
 * criterion is left out of the score.
 */
public record TargetCustomer(
    Integer minAge,
    Integer maxAge,
    Set<String> genders,
    Set<String> incomeBands,
    Set<String> jobs,
    Set<String> locations,
    Set<String> interests,
    Weights weights) {

  /** Relative weight of each criterion in the 0-100 fit score. */
  public record Weights(
      double age, double gender, double income, double job, double location, double interests) {}

  public TargetCustomer {
    genders = lower(genders);
    incomeBands = lower(incomeBands);
    jobs = lower(jobs);
    locations = lower(locations);
    interests = lower(interests);
  }

  private static Set<String> lower(Set<String> in) {
    if (in == null) {
      return Set.of();
    }
    return in.stream()
        .map(s -> s.toLowerCase(java.util.Locale.ROOT))
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** A fashion-shop default: 25-45, mid/high income, urban EU/US, into fashion and lifestyle. */
  public static TargetCustomer defaults() {
    return new TargetCustomer(
        25,
        45,
        Set.of(),
        Set.of("middle", "upper-middle", "high"),
        Set.of(),
        Set.of("DE", "FR", "ES", "IT", "NL", "US", "GB"),
        Set.of("fashion", "shoes", "accessories", "lifestyle"),
        new Weights(25, 10, 20, 10, 20, 15));
  }
}
