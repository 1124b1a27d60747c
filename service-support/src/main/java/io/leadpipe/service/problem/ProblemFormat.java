package io.leadpipe.service.problem;

/**
 * How a problem's empty members are written. The services answered differently before they shared
 * one problem type, and clients rely on what they get, so each service keeps its own.
 */
public enum ProblemFormat {
  /** Null and empty members are left out (ingest-service, dashboard). */
  COMPACT,
  /**
   * Every member is written, an empty {@code violations} as {@code []} (scoring-stream, whose
   * clients get every field).
   */
  COMPLETE
}
