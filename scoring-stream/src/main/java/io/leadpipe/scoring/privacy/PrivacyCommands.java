package io.leadpipe.scoring.privacy;

import io.leadpipe.schemas.identity.IdentityCommand;
import io.leadpipe.schemas.identity.IdentityCommandKind;
import io.leadpipe.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Operators' requests to the identity graph — erase a person, undo a merge — written to
 * leadpipe.identity-commands and acknowledged before the caller answers (the stream carries them
 * out, in order with every link decision). The admin endpoints are thin wrappers around this.
 */
public final class PrivacyCommands {

  /** Kafka did not acknowledge the command in time: nothing is promised, the caller may retry. */
  public static final class NotAcknowledgedException extends RuntimeException {
    NotAcknowledgedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Producer<String, IdentityCommand> producer;
  private final Clock clock;
  private final Duration writeTimeout;

  /**
   * @param producer acks=all, idempotent; its value serializer is {@code Topics.IDENTITY_COMMANDS}'
   */
  public PrivacyCommands(
      Producer<String, IdentityCommand> producer, Clock clock, Duration writeTimeout) {
    this.producer = producer;
    this.clock = clock;
    this.writeTimeout = writeTimeout;
  }

  /**
   * Erases the person {@code visitorId} belongs to; returns the request id the privacy record will
   * carry.
   */
  public String erase(String visitorId, String requestedBy) {
    return send(
        visitorId, command(IdentityCommandKind.ERASE, requestedBy).setVisitorId(visitorId).build());
  }

  /** Undoes merge {@code mergeId}; returns the command id. */
  public String undoMerge(String mergeId, String requestedBy) {
    return send(
        mergeId, command(IdentityCommandKind.UNDO_MERGE, requestedBy).setMergeId(mergeId).build());
  }

  private IdentityCommand.Builder command(IdentityCommandKind kind, String requestedBy) {
    return IdentityCommand.newBuilder()
        .setCommandId(kind.name().toLowerCase().replace('_', '-') + "-" + UUID.randomUUID())
        .setKind(kind)
        .setRequestedBy(requestedBy)
        .setRequestedAt(clock.instant());
  }

  private String send(String key, IdentityCommand command) {
    try {
      producer
          .send(new ProducerRecord<>(Topics.IDENTITY_COMMANDS.name(), key, command))
          .get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return command.getCommandId();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotAcknowledgedException("interrupted while writing the command", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new NotAcknowledgedException("Kafka did not acknowledge the command in time", e);
    }
  }
}
