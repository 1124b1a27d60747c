package io.leadpipe.dashboard.admin;

/**
 * The admin APIs the dashboard edits through: scoring-stream's segments, the notifier's strategies.
 */
public record AdminApis(AdminApiClient scoring, AdminApiClient notifier) {

  public AdminApiClient of(AdminResource resource) {
    return switch (resource) {
      case SEGMENTS -> scoring;
      case STRATEGIES -> notifier;
    };
  }
}
