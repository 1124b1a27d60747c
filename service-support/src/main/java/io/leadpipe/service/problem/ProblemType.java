package io.leadpipe.service.problem;

/**
 * One problem code of a service, with its HTTP status and a short title. Each service lists its own
 * codes in an enum implementing this, so codes stay the service's while the problem format is
 * shared.
 */
public interface ProblemType {

  /** The last segment of the {@code type} URI, e.g. {@code invalid-json}. */
  String code();

  int status();

  String title();

  /** How the service writes empty members of its problems; see {@link ProblemFormat}. */
  default ProblemFormat format() {
    return ProblemFormat.COMPACT;
  }

  default String uri() {
    return Problem.TYPE_BASE + code();
  }
}
