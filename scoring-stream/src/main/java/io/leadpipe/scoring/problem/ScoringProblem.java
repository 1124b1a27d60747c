package io.leadpipe.scoring.problem;

import io.leadpipe.service.problem.ProblemFormat;
import io.leadpipe.service.problem.ProblemType;

/**
 * The problems scoring-stream answers with, their HTTP status and a short title; docs/queries.md
 * lists them. Written {@link ProblemFormat#COMPLETE}, as the rest of its JSON (empty violations as
 * {@code []}).
 */
public enum ScoringProblem implements ProblemType {
  INVALID_JSON("invalid-json", 400, "The body is not valid JSON"),
  INVALID_REQUEST("invalid-request", 400, "The request is invalid"),
  INVALID_SEGMENT("invalid-segment", 400, "The segment definition is invalid"),
  UNAUTHORIZED("unauthorized", 401, "Credentials are missing"),
  FORBIDDEN("forbidden", 403, "The credentials are not valid for this resource"),
  NOT_FOUND("not-found", 404, "Not found"),
  METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
  CONFLICT("conflict", 409, "The resource already exists"),
  TOO_LARGE("too-large", 413, "The request body is too large"),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
  INTERNAL("internal", 500, "Internal error"),
  UNAVAILABLE("unavailable", 503, "Not available right now; retry later");

  private final String code;
  private final int status;
  private final String title;

  ScoringProblem(String code, int status, String title) {
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

  @Override
  public ProblemFormat format() {
    return ProblemFormat.COMPLETE;
  }
}
