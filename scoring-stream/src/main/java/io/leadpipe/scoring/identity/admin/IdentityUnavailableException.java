package io.leadpipe.scoring.identity.admin;

/**
 * The identity graph's stores cannot be read right now (starting, rebalancing): answered 503 with
 * Retry-After.
 */
public class IdentityUnavailableException extends RuntimeException {
  public IdentityUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
