package io.leadpipe.scoring.privacy;

/** No published profile for the visitor id (never seen, merged into another id, or erased). */
public class NoProfileException extends RuntimeException {
  public NoProfileException(String visitorId) {
    super("no profile for visitor '" + visitorId + "'");
  }
}
