package io.leadpipe.scoring.query;

/**
 * The stores cannot answer right now (not running yet, rebalancing, an instance not answering):
 * retry later.
 */
public class QueryUnavailableException extends RuntimeException {
  public QueryUnavailableException(String message) {
    super(message);
  }

  public QueryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
