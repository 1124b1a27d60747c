package io.leadpipe.dashboard.web;

import io.leadpipe.service.problem.ProblemType;

/**
 * The problems the dashboard answers with (RFC 9457, as the other leadpipe services answer errors).
 */
public enum DashboardProblem implements ProblemType {
  UNAUTHORIZED("unauthorized", 401, "Dashboard login required"),
  ADMIN_KEY_REQUIRED("admin-key-required", 401, "Admin key required"),
  LOCAL_ONLY("dashboard-local-only", 403, "Dashboard in local mode"),
  NOT_FOUND("not-found", 404, "No such dashboard file"),
  INVALID_REQUEST("invalid-request", 400, "Invalid request"),
  QUERY_API_UNAVAILABLE("query-api-unavailable", 503, "Prospects not available"),
  ADMIN_API_UNAVAILABLE("admin-api-unavailable", 503, "Admin API not available");

  private final String code;
  private final int status;
  private final String title;

  DashboardProblem(String code, int status, String title) {
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
