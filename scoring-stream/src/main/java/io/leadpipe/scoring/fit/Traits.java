package io.leadpipe.scoring.fit;

import java.util.Set;

/** What we know about a person for fit purposes; any field may be unknown (null / empty). */
public record Traits(
    Integer age,
    String gender,
    String incomeBand,
    String job,
    String country,
    String city,
    Set<String> interests) {
  public Traits {
    interests = interests == null ? Set.of() : Set.copyOf(interests);
  }

  public static Traits unknown() {
    return new Traits(null, null, null, null, null, null, Set.of());
  }
}
