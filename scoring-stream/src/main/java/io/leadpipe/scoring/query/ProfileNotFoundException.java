package io.leadpipe.scoring.query;

import java.util.Map;

/**
 * No profile exists for this visitor in the copy read; when that copy may lag ({@code staleHeaders}
 * non-empty: the stale marker and lag headers to answer with), the profile may exist already.
 */
public class ProfileNotFoundException extends RuntimeException {

  private final transient Map<String, String> staleHeaders;

  public ProfileNotFoundException(String visitorId) {
    this(visitorId, Map.of());
  }

  public ProfileNotFoundException(String visitorId, Map<String, String> staleHeaders) {
    super("no profile for visitor '" + visitorId + "'");
    this.staleHeaders = Map.copyOf(staleHeaders);
  }

  public Map<String, String> staleHeaders() {
    return staleHeaders;
  }
}
