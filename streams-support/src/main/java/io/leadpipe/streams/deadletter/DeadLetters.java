package io.leadpipe.streams.deadletter;

import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Dead letters of one application: each names the application, where the record was (topic,
 * partition, offset), why it was rejected, and what it held, so an operator can see whose it is and
 * replay it.
 */
public final class DeadLetters {

  /** Could not be decoded. */
  public static final String UNDECODABLE = "deserialization-failed";

  /** Decoded, but not a valid input (e.g. names no visitor). */
  public static final String INVALID = "invalid-event";

  /** Decoded, but applying it failed. */
  public static final String PROCESSING_FAILED = "processing-failed";

  private final String application;

  /**
   * @param application the name every dead letter of this application carries
   */
  public DeadLetters(String application) {
    this.application = Objects.requireNonNull(application, "application");
  }

  public String application() {
    return application;
  }

  /**
   * @param where the record's metadata; null when the record has none (e.g. emitted by a
   *     punctuator)
   */
  public DeadLetter of(
      RecordMetadata where,
      String source,
      long failedAtMs,
      String reason,
      String errorClass,
      String message,
      byte[] original,
      Map<String, String> details) {
    return DeadLetter.newBuilder()
        .setApplication(application)
        .setSource(source)
        .setTopic(where == null ? null : where.topic())
        .setPartition(where == null ? null : where.partition())
        .setOffset(where == null ? null : where.offset())
        .setReason(reason)
        .setErrorMessage(message)
        .setErrorClass(errorClass)
        .setFailedAt(Instant.ofEpochMilli(failedAtMs))
        .setOriginalValue(original == null ? null : ByteBuffer.wrap(original))
        .setDetails(details)
        .build();
  }

  /**
   * Sends dead letters to {@code leadpipe.dead-letters}, the one topic every application writes
   * them to.
   */
  public static void publish(
      KStream<String, DeadLetter> deadLetters, Map<String, ?> registryConfig, String name) {
    deadLetters.to(
        Topics.DEAD_LETTERS.name(),
        Produced.with(
                Topics.DEAD_LETTERS.keySerde(), Topics.DEAD_LETTERS.valueSerde(registryConfig))
            .withName(name));
  }
}
