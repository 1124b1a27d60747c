package io.leadpipe.registry.serde;

import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A serde could not get the schema it needs because the registry did not give a usable answer
 * (unreachable, timed out, a 5xx, or a refusal such as 401/403 that no record can cause). The
 * record is not to blame: a caller must wait and retry it, never dead-letter it. Only "this schema
 * id does not exist" (40403) and bytes that do not decode are the record's fault; those stay plain
 * {@link SerializationException}s.
 *
 * <p>A {@link SerializationException} so code that handles serde failures generically still sees
 * one; code that dead-letters must test for this type first ({@link #isCauseOf}).
 */
public class SchemaRegistryUnavailableException extends SerializationException {

  public SchemaRegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * True when {@code failure} or any of its causes is this exception: Kafka Streams wraps what a
   * serde or processor threw (StreamsException, FailedProcessingException) before handlers see it.
   */
  public static boolean isCauseOf(Throwable failure) {
    return in(failure).isPresent();
  }

  /** This exception among {@code failure} and its causes, if there. */
  public static Optional<SchemaRegistryUnavailableException> in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SchemaRegistryUnavailableException unavailable) {
        return Optional.of(unavailable);
      }
    }
    return Optional.empty();
  }
}
