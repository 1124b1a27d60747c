package io.leadpipe.notifier.admin;

import io.leadpipe.service.problem.ProblemType;

/** The problems the notifier's admin API answers with (docs/followups.md lists them). */
public enum NotifierProblem implements ProblemType {
  UNAUTHORIZED("unauthorized", 401, "Credentials are missing"),
  FORBIDDEN("forbidden", 403, "The credentials are not valid for this resource"),
  NOT_FOUND("not-found", 404, "Not found"),
  CONFLICT("conflict", 409, "Not possible in the current state"),
  INVALID_JSON("invalid-json", 400, "The body is not valid JSON"),
  INVALID_STRATEGY("invalid-strategy", 400, "The strategy is not valid"),
  UNAVAILABLE("unavailable", 503, "Not available right now; retry later");

  private final String code;
  private final int status;
  private final String title;

  NotifierProblem(String code, int status, String title) {
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
