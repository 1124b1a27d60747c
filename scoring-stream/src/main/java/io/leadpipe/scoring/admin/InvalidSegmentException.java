package io.leadpipe.scoring.admin;

import io.leadpipe.service.problem.Violation;
import java.util.List;

/** A segment definition that cannot be accepted; every violation carries its field path. */
public class InvalidSegmentException extends RuntimeException {

  private final boolean malformedJson;
  private final List<Violation> violations;

  public InvalidSegmentException(boolean malformedJson, List<Violation> violations) {
    super(violations.toString());
    this.malformedJson = malformedJson;
    this.violations = List.copyOf(violations);
  }

  /** True when the body is not JSON at all (as opposed to JSON with wrong fields). */
  public boolean malformedJson() {
    return malformedJson;
  }

  public List<Violation> violations() {
    return violations;
  }
}
