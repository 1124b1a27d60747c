package io.leadpipe.scoring.fit;

import java.util.Set;

/**
 * The configured target customer, with a weight per criterion. Empty sets (and no bounds) mean
 * "any" and that criterion is left out of the score. Industries and company size are the account
 * fit of a B2B shop: the company a visitor belongs to (group call).
 */
public record TargetCustomer(
    Integer minAge,
    Integer maxAge,
    Set<String> genders,
    Set<String> incomeBands,
    Set<String> jobs,
    Set<String> locations,
    Set<String> interests,
    Set<String> industries,
    Integer minEmployees,
    Integer maxEmployees,
    Weights weights) {

  /** Relative weight of each criterion in the 0-100 fit score. */
  public record Weights(
      double age,
      double gender,
      double income,
      double job,
      double location,
      double interests,
      double industry,
      double companySize) {

    /** Weights of a target without account criteria. */
    public Weights(
        double age, double gender, double income, double job, double location, double interests) {
      this(age, gender, income, job, location, interests, 0, 0);
    }
  }

  public TargetCustomer {
    genders = lower(genders);
    incomeBands = lower(incomeBands);
    jobs = lower(jobs);
    locations = lower(locations);
    interests = lower(interests);
    industries = lower(industries);
    if (minEmployees != null && maxEmployees != null && minEmployees > maxEmployees) {
      throw new IllegalArgumentException("minEmployees must not exceed maxEmployees");
    }
  }

  /** A target customer without account (company) criteria: a B2C shop's. */
  public TargetCustomer(
      Integer minAge,
      Integer maxAge,
      Set<String> genders,
      Set<String> incomeBands,
      Set<String> jobs,
      Set<String> locations,
      Set<String> interests,
      Weights weights) {
    this(
        minAge,
        maxAge,
        genders,
        incomeBands,
        jobs,
        locations,
        interests,
        Set.of(),
        null,
        null,
        weights);
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
        Set.of(),
        null,
        null,
        // Account criteria weigh only once industries or a company size are configured.
        new Weights(25, 10, 20, 10, 20, 15, 20, 15));
  }
}
