package io.leadpipe.ingest.replay;

/** Kafka could not be read or written in time for a dead-letter request: answered with 503. */
public class DeadLettersUnavailableException extends RuntimeException {

  public DeadLettersUnavailableException(String message) {
    super(message);
  }

  public DeadLettersUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
