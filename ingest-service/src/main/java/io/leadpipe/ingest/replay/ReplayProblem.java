package io.leadpipe.ingest.replay;

import io.leadpipe.service.problem.ProblemType;

/** The problems ingest's admin API answers with (ingest-service/README.md lists them). */
public enum ReplayProblem implements ProblemType {
  ADMIN_KEY_MISSING("admin-key-missing", 401, "An admin key is required"),
  ADMIN_KEY_INVALID("admin-key-invalid", 403, "The admin key is not valid"),
  INVALID_SELECTION("invalid-selection", 400, "The dead-letter selection is invalid"),
  REPLAY_RUNNING("replay-running", 409, "Another replay is running on this instance"),
  DEAD_LETTERS_UNAVAILABLE(
      "dead-letters-unavailable", 503, "The dead letters cannot be read or replayed right now");

  private final String code;
  private final int status;
  private final String title;

  ReplayProblem(String code, int status, String title) {
    this.code = code;
    this.status = status;
    this.title = title;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public String title() {
    return title;
  }
}
