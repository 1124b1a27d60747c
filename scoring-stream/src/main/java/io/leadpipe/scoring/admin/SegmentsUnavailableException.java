package io.leadpipe.scoring.admin;

/**
 * Definitions cannot be read or written right now (Kafka unreachable, catalogue still loading):
 * retry later.
 */
public class SegmentsUnavailableException extends RuntimeException {
  public SegmentsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
