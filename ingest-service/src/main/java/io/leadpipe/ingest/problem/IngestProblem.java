package io.leadpipe.ingest.problem;

import io.leadpipe.service.problem.ProblemType;

/** The problems ingest answers with, their HTTP status and a short title. */
public enum IngestProblem implements ProblemType {
  INVALID_JSON("invalid-json", 400, "The body is not valid JSON"),
  INVALID_REQUEST("invalid-request", 400, "The request is malformed"),
  INVALID_EVENT("invalid-event", 400, "The event is invalid"),
  INVALID_BATCH("invalid-batch", 400, "No event of the batch is valid"),
  UNAUTHORIZED("unauthorized", 401, "Missing or unknown write key"),
  UNTRUSTED_SOURCE(
      "untrusted-source",
      403,
      "Order events and follower counts are accepted from server sources only"),
  EVENT_TOO_LARGE("event-too-large", 413, "The event is larger than allowed"),
  BATCH_TOO_LARGE("batch-too-large", 413, "The batch is larger than allowed"),
  UNSUPPORTED_MEDIA_TYPE(
      "unsupported-media-type", 415, "The body's media type or content encoding is not supported"),
  RATE_LIMITED("rate-limited", 429, "Too many requests from this address or for this write key"),
  UNAVAILABLE("unavailable", 503, "Events cannot be stored right now; retry later");

  private final String code;
  private final int status;
  private final String title;

  IngestProblem(String code, int status, String title) {
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
