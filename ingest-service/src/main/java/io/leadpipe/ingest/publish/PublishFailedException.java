package io.leadpipe.ingest.publish;

/** Kafka did not acknowledge every record of a request in time; the request gets 503 and no success. */
public final class PublishFailedException extends RuntimeException {
  public PublishFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
