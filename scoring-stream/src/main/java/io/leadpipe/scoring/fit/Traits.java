package io.leadpipe.scoring.fit;

import java.util.Set;

/**
 * What we know about a person for fit purposes, and of the account they belong to (industry,
 * employees: a B2B shop's account fit); any field may be unknown (null / empty).
 */
public record Traits(
    Integer age,
    String gender,
    String incomeBand,
    String job,
    String country,
    String city,
    Set<String> interests,
    String industry,
    Integer employees) {
  public Traits {
    interests = interests == null ? Set.of() : Set.copyOf(interests);
  }

  /** A person's traits with no account (company) known. */
  public Traits(
      Integer age,
      String gender,
      String incomeBand,
      String job,
      String country,
      String city,
      Set<String> interests) {
    this(age, gender, incomeBand, job, country, city, interests, null, null);
  }

  public static Traits unknown() {
    return new Traits(null, null, null, null, null, null, Set.of());
  }
}
