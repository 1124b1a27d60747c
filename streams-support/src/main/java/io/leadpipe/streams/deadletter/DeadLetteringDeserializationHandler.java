package io.leadpipe.streams.deadletter;

import io.leadpipe.registry.serde.SchemaRegistryUnavailableException;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deserialization-handler variant of {@link SafeDecoder}, for a topology that decodes in its
 * sources' serdes: an input record that cannot be read (garbage, unknown schema id, a record of
 * another schema) → a dead letter built by {@link DeadLetters} (reason {@link
 * DeadLetters#UNDECODABLE}, the application named by {@link #APPLICATION_CONFIG}) on
 * leadpipe.dead-letters → skipped, so one bad record does not stop the stream. The dead letter is
 * stored (acks=all) before the record is skipped; if it cannot be stored the stream thread fails
 * instead and the record is read again after the restart: nothing is skipped unrecorded. Unlike
 * {@link SafeDecoder}'s dead letters it is not part of the Streams transaction, so a replay after a
 * crash may write the same dead letter twice.
 *
 * <p>A record that could not be read only because the schema registry is unavailable ({@link
 * SchemaRegistryUnavailableException}) is valid: it is not dead-lettered, the handler fails the
 * thread instead, and {@code ManagedStreams} has the application wait for the registry and read the
 * record again then.
 *
 * <p>Configured through the Streams properties: {@code deserialization.exception.handler} = this
 * class, and {@link #APPLICATION_CONFIG} = the application's dead-letter name (required).
 */
public class DeadLetteringDeserializationHandler implements DeserializationExceptionHandler {

  /**
   * Streams property naming the application on every dead letter (e.g. {@code notifier-service}).
   */
  public static final String APPLICATION_CONFIG = "leadpipe.dead-letters.application";

  /** What goes in the dead letter's details under {@code stage}. */
  public static final String STAGE = "deserialize";

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger LOG =
      LoggerFactory.getLogger(DeadLetteringDeserializationHandler.class);

  private final Function<Map<String, ?>, Producer<String, DeadLetter>> producers;
  private Map<String, Object> producerConfig;
  private DeadLetters deadLetters;
  private Producer<String, DeadLetter> producer;

  /** As Kafka Streams creates it (from {@code deserialization.exception.handler}). */
  public DeadLetteringDeserializationHandler() {
    this(
        config ->
            new KafkaProducer<>(
                producerSettings(config),
                Topics.DEAD_LETTERS.keySerde().serializer(),
                Topics.DEAD_LETTERS.valueSerde(config).serializer()));
  }

  /**
   * With the dead-letter producer made from the Streams configuration by {@code producers} (tests).
   */
  public DeadLetteringDeserializationHandler(
      Function<Map<String, ?>, Producer<String, DeadLetter>> producers) {
    this.producers = producers;
  }

  /** The two Streams properties that install this handler for {@code application}. */
  public static Map<String, Object> streamsConfig(String application) {
    return Map.of(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetteringDeserializationHandler.class,
        APPLICATION_CONFIG,
        application);
  }

  @Override
  public void configure(Map<String, ?> configs) {
    Object application = configs.get(APPLICATION_CONFIG);
    if (application == null || application.toString().isBlank()) {
      throw new ConfigException(
          APPLICATION_CONFIG, application, "the application every dead letter names is required");
    }
    this.deadLetters = new DeadLetters(application.toString());
    this.producerConfig = new HashMap<>(configs);
  }

  /** The dead-letter producer: the application's brokers, acks=all, idempotent. */
  public static Map<String, Object> producerSettings(Map<String, ?> streamsConfig) {
    Map<String, Object> p = new HashMap<>();
    p.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        streamsConfig.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    p.put(
        ProducerConfig.CLIENT_ID_CONFIG,
        streamsConfig.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-dead-letters");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return p;
  }

  @Override
  public DeserializationHandlerResponse handle(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (SchemaRegistryUnavailableException.isCauseOf(exception)) {
      LOG.warn(
          "{}: cannot read {}-{}@{} while the schema registry is unavailable; failing so it is"
              + " read again once the registry answers",
          deadLetters.application(),
          record.topic(),
          record.partition(),
          record.offset());
      return DeserializationHandlerResponse.FAIL;
    }
    LOG.warn(
        "{}: dead-lettering an unreadable record from {}-{}@{}: {}",
        deadLetters.application(),
        record.topic(),
        record.partition(),
        record.offset(),
        exception.getMessage());
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    try {
      producer()
          .send(
              new ProducerRecord<>(
                  Topics.DEAD_LETTERS.name(), key, deadLetter(context, record, exception)))
          .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return DeserializationHandlerResponse.CONTINUE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(record, e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Optional<SchemaRegistryUnavailableException> unavailable =
          SchemaRegistryUnavailableException.in(e);
      if (unavailable.isPresent()) {
        // The dead letter's own schema cannot be registered now: thrown (not FAIL, whose
        // exception would be the record's) so ManagedStreams waits for the registry instead of
        // counting a failure.
        throw unavailable.get();
      }
      return fail(record, e);
    }
  }

  private DeserializationHandlerResponse fail(
      ConsumerRecord<byte[], byte[]> record, Exception why) {
    LOG.error(
        "Could not dead-letter {}-{}@{}; failing so it is read again",
        record.topic(),
        record.partition(),
        record.offset(),
        why);
    return DeserializationHandlerResponse.FAIL;
  }

  DeadLetter deadLetter(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    Map<String, String> details = new HashMap<>();
    details.put("stage", STAGE);
    if (context != null && context.processorNodeId() != null) {
      details.put("processor", context.processorNodeId());
    }
    return deadLetters.of(
        where(record),
        record.topic(),
        System.currentTimeMillis(),
        DeadLetters.UNDECODABLE,
        exception.getClass().getName(),
        String.valueOf(exception.getMessage()),
        record.value(),
        details);
  }

  private static RecordMetadata where(ConsumerRecord<byte[], byte[]> record) {
    return new RecordMetadata() {
      @Override
      public String topic() {
        return record.topic();
      }

      @Override
      public int partition() {
        return record.partition();
      }

      @Override
      public long offset() {
        return record.offset();
      }
    };
  }

  /** Created at the first bad record: most handler instances never see one. */
  private synchronized Producer<String, DeadLetter> producer() {
    if (producer == null) {
      producer = producers.apply(producerConfig);
    }
    return producer;
  }
}
