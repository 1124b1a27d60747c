package io.leadpipe.scoring.query;

import io.leadpipe.service.problem.Violation;
import java.util.List;

/** Query parameters that cannot be answered; each violation names the parameter. */
public class InvalidQueryException extends RuntimeException {

  private final List<Violation> violations;

  public InvalidQueryException(List<Violation> violations) {
    super(violations.toString());
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }
}
