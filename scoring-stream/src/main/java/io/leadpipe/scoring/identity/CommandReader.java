package io.leadpipe.scoring.identity;

import io.leadpipe.registry.serde.SchemaRegistryUnavailableException;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.identity.IdentityCommand;
import io.leadpipe.schemas.identity.IdentityCommandKind;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.streams.deadletter.DeadLetters;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * bytes on leadpipe.identity-commands → the operator's command for the identity graph, or a dead
 * letter when it cannot be decoded or lacks what its kind needs (a merge id to undo, a visitor id
 * to erase).
 */
public final class CommandReader implements Processor<String, byte[], String, CommandReader.Read> {

  /** The command, or the dead letter saying why not. */
  public record Read(OperatorCommand command, DeadLetter deadLetter) {}

  private final DeadLetters deadLetters;
  private final Deserializer<IdentityCommand> deserializer;
  private ProcessorContext<String, Read> context;

  /**
   * @param deadLetters the application's dead letters, which a command that cannot be read becomes
   */
  public CommandReader(DeadLetters deadLetters, Map<String, ?> registryConfig) {
    this.deadLetters = deadLetters;
    this.deserializer = Topics.IDENTITY_COMMANDS.valueSerde(registryConfig).deserializer();
  }

  @Override
  public void init(ProcessorContext<String, Read> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    IdentityCommand c;
    try {
      c = deserializer.deserialize(Topics.IDENTITY_COMMANDS.name(), record.value());
    } catch (SchemaRegistryUnavailableException e) {
      // A valid command waits for the registry (ManagedStreams pauses the application).
      throw e;
    } catch (RuntimeException e) {
      reject(
          record, DeadLetters.UNDECODABLE, e.getClass().getName(), String.valueOf(e.getMessage()));
      return;
    }
    boolean complete =
        c != null
            && (c.getKind() == IdentityCommandKind.UNDO_MERGE
                ? c.getMergeId() != null
                : c.getVisitorId() != null);
    if (!complete) {
      reject(
          record,
          DeadLetters.INVALID,
          null,
          "command names no merge id (undo) or visitor id (erase)");
      return;
    }
    OperatorCommand command =
        new OperatorCommand(
            c.getCommandId(),
            c.getKind() == IdentityCommandKind.UNDO_MERGE
                ? OperatorCommand.Kind.UNDO_MERGE
                : OperatorCommand.Kind.ERASE,
            c.getMergeId(),
            c.getVisitorId(),
            c.getRequestedBy(),
            c.getRequestedAt());
    context.forward(record.withValue(new Read(command, null)));
  }

  private void reject(
      Record<String, byte[]> record, String reason, String errorClass, String message) {
    context.forward(
        record.withValue(
            new Read(
                null,
                deadLetters.of(
                    context.recordMetadata().orElse(null),
                    Topics.IDENTITY_COMMANDS.name(),
                    record.timestamp(),
                    reason,
                    errorClass,
                    message,
                    record.value(),
                    Map.of()))));
  }
}
