package io.leadpipe.ingest.event;

import io.leadpipe.ingest.problem.IngestProblem;
import io.leadpipe.service.problem.RejectedEvent;
import io.leadpipe.service.problem.Violation;
import java.util.List;

/** The request as a whole is not acceptable; answered with a problem of {@link #type()}. */
public final class InvalidBodyException extends RuntimeException {

  private final IngestProblem type;
  private final List<Violation> violations;
  private final List<RejectedEvent> rejected;

  public InvalidBodyException(IngestProblem type, String detail, List<Violation> violations) {
    this(type, detail, violations, List.of());
  }

  public InvalidBodyException(
      IngestProblem type, String detail, List<Violation> violations, List<RejectedEvent> rejected) {
    super(detail, null, false, false);
    this.type = type;
    this.violations = violations;
    this.rejected = rejected;
  }

  public IngestProblem type() {
    return type;
  }

  public List<Violation> violations() {
    return violations;
  }

  public List<RejectedEvent> rejected() {
    return rejected;
  }
}
