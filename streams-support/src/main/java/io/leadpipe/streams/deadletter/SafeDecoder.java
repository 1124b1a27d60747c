package io.leadpipe.streams.deadletter;

import io.leadpipe.registry.serde.SchemaRegistryUnavailableException;
import io.leadpipe.schemas.topics.Topic;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bytes → the topic's event → the value the topology works with, or a dead letter (topic,
 * partition, offset, exception, original bytes) when the record cannot be decoded, is empty, or
 * fails the application's check. One bad record must not stop the stream, so the topology reads
 * bytes and decodes here instead of in the source's serde. A record whose schema cannot be fetched
 * because the registry is unavailable is not bad: that failure ({@link
 * SchemaRegistryUnavailableException}) propagates, and {@code ManagedStreams} has the application
 * wait for the registry and process the record then.
 *
 * @param <T> the topic's event type
 * @param <V> what an accepted event becomes (the event itself, or the event with what the
 *     application derives)
 */
public final class SafeDecoder<T extends SpecificRecord, V>
    implements Processor<String, byte[], String, Decoded<V>> {

  /**
   * Why an accepted value is not a valid input, or null when it is; {@code nowMs} is the wall
   * clock.
   */
  @FunctionalInterface
  public interface Check<V> {
    String problem(V value, long nowMs);
  }

  private static final Logger LOG = LoggerFactory.getLogger(SafeDecoder.class);

  private final DeadLetters deadLetters;
  private final Topic<T> topic;
  private final Deserializer<T> deserializer;
  private final String stage;
  private final Function<T, V> toValue;
  private final Check<V> check;
  private ProcessorContext<String, Decoded<V>> context;

  /**
   * @param stage the processor's name, given in each dead letter's details so an operator sees
   *     which step rejected it
   */
  public SafeDecoder(
      DeadLetters deadLetters,
      Topic<T> topic,
      Map<String, ?> registryConfig,
      String stage,
      Function<T, V> toValue,
      Check<V> check) {
    this.deadLetters = Objects.requireNonNull(deadLetters);
    this.topic = topic;
    this.deserializer = topic.valueSerde(registryConfig).deserializer();
    this.stage = stage;
    this.toValue = toValue;
    this.check = check;
  }

  @Override
  public void init(ProcessorContext<String, Decoded<V>> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Object decoded;
    try {
      decoded = deserializer.deserialize(topic.name(), record.value());
    } catch (SchemaRegistryUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      reject(
          record, DeadLetters.UNDECODABLE, e.getClass().getName(), String.valueOf(e.getMessage()));
      return;
    }
    if (decoded == null) {
      reject(
          record,
          DeadLetters.INVALID,
          IllegalArgumentException.class.getName(),
          "empty record (no value)");
      return;
    }
    // A well-formed record of another registered schema decodes to that schema's class, not the
    // topic's.
    if (!topic.valueType().isInstance(decoded)) {
      reject(
          record,
          DeadLetters.UNDECODABLE,
          ClassCastException.class.getName(),
          "record of schema "
              + decoded.getClass().getName()
              + ", expected "
              + topic.valueType().getName());
      return;
    }
    V value = toValue.apply(topic.valueType().cast(decoded));
    String problem = check.problem(value, context.currentSystemTimeMs());
    if (problem != null) {
      reject(record, DeadLetters.INVALID, IllegalArgumentException.class.getName(), problem);
      return;
    }
    context.forward(record.withValue(new Decoded<>(value, null)));
  }

  private void reject(
      Record<String, byte[]> record, String reason, String errorClass, String message) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    LOG.warn(
        "{}: dead-lettering a record from {}-{}@{}: {} ({})",
        deadLetters.application(),
        meta == null ? "?" : meta.topic(),
        meta == null ? -1 : meta.partition(),
        meta == null ? -1 : meta.offset(),
        reason,
        message);
    context.forward(
        record.withValue(
            new Decoded<>(
                null,
                deadLetters.of(
                    meta,
                    topic.name(),
                    context.currentSystemTimeMs(),
                    reason,
                    errorClass,
                    message,
                    record.value(),
                    Map.of("stage", stage)))));
  }
}
