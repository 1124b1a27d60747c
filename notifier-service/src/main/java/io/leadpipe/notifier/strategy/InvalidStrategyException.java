package io.leadpipe.notifier.strategy;

import io.leadpipe.service.problem.Violation;
import java.util.List;

/** A strategy the admin API refuses, with every violation found (each with its path). */
public class InvalidStrategyException extends RuntimeException {
  private final boolean malformedJson;
  private final List<Violation> violations;

  public InvalidStrategyException(boolean malformedJson, List<Violation> violations) {
    super(violations.toString());
    this.malformedJson = malformedJson;
    this.violations = List.copyOf(violations);
  }

  public boolean malformedJson() {
    return malformedJson;
  }

  public List<Violation> violations() {
    return violations;
  }
}
