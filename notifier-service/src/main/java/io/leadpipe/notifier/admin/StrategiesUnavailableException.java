package io.leadpipe.notifier.admin;

/** The strategies cannot be read or written now (still loading, Kafka not acknowledging): 503. */
public class StrategiesUnavailableException extends RuntimeException {
  public StrategiesUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
