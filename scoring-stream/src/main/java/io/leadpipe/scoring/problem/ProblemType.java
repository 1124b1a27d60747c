package io.leadpipe.scoring.problem;

/** The problems scoring-stream answers with, their HTTP status and a short title. */
public enum ProblemType {
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

  ProblemType(String code, int status, String title) {
    this.code = code;
    this.status = status;
    this.title = title;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String uri() {
    return Problem.TYPE_BASE + code;
  }
}
