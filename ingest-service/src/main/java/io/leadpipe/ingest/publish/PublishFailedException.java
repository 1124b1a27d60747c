package io.leadpipe.ingest.publish;

import io.leadpipe.registry.client.SchemaRegistryException;

/**
 * Kafka did not acknowledge every record of a request in time; the request gets 503 and no success.
 */
public final class PublishFailedException extends RuntimeException {
  public PublishFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The records could not be encoded because the schema registry did not give their schema id. */
  public boolean schemaRegistryUnavailable() {
    return isSchemaRegistryFailure(getCause());
  }

  static boolean isSchemaRegistryFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryException) {
        return true;
      }
    }
    return false;
  }
}
