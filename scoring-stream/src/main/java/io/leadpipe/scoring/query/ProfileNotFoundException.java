package io.leadpipe.scoring.query;

/** No profile exists for this visitor (on the instance that owns the key). */
public class ProfileNotFoundException extends RuntimeException {
  public ProfileNotFoundException(String visitorId) {
    super("no profile for visitor '" + visitorId + "'");
  }
}
