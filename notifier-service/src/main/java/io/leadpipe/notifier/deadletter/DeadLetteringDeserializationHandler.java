package io.leadpipe.notifier.deadletter;

import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An input record the notifier cannot read (garbage, unknown schema id, a record of another schema) → a dead letter
 * on leadpipe.dead-letters with where it was, why, and its original bytes → skipped, so one bad record does not stop
 * the follow-ups. The dead letter is stored (acks=all) before the record is skipped; if it cannot be stored, the
 * stream thread fails instead and the record is read again after the restart: nothing is skipped unrecorded.
 * Kafka Streams 4.1 has no dead-letter topic of its own (KIP-1034 comes with 4.2), hence this handler.
 */
public class DeadLetteringDeserializationHandler implements DeserializationExceptionHandler {

  /** The reason on the dead letter, as scoring-stream names it. */
  public static final String REASON = "deserialization-failed";
  static final String APPLICATION = "notifier-service";
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringDeserializationHandler.class);

  private final Function<Map<String, ?>, Producer<String, DeadLetter>> producers;
  private Map<String, Object> producerConfig;
  private Producer<String, DeadLetter> producer;

  /** As Kafka Streams creates it (from {@code deserialization.exception.handler}). */
  public DeadLetteringDeserializationHandler() {
    this(config -> new KafkaProducer<>(producerSettings(config), Topics.DEAD_LETTERS.keySerde().serializer(),
        Topics.DEAD_LETTERS.valueSerde(config).serializer()));
  }

  /** With the dead-letter producer made from the Streams configuration by {@code producers} (tests). */
  DeadLetteringDeserializationHandler(Function<Map<String, ?>, Producer<String, DeadLetter>> producers) {
    this.producers = producers;
  }

  @Override
  public void configure(Map<String, ?> configs) {
    this.producerConfig = new HashMap<>(configs);
  }

  /** The dead-letter producer: the application's brokers, acks=all, idempotent. */
  static Map<String, Object> producerSettings(Map<String, ?> streamsConfig) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, streamsConfig.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
    p.put(ProducerConfig.CLIENT_ID_CONFIG, streamsConfig.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-dead-letters");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return p;
  }

  @Override
  public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                               Exception exception) {
    LOG.warn("Dead-lettering an unreadable record from {}-{}@{}: {}", record.topic(), record.partition(),
        record.offset(), exception.getMessage());
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    try {
      producer().send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), key, deadLetter(context, record, exception)))
          .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return DeserializationHandlerResponse.CONTINUE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(record, e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return fail(record, e);
    }
  }

  private DeserializationHandlerResponse fail(ConsumerRecord<byte[], byte[]> record, Exception why) {
    LOG.error("Could not dead-letter {}-{}@{}; failing so it is read again", record.topic(), record.partition(),
        record.offset(), why);
    return DeserializationHandlerResponse.FAIL;
  }

  static DeadLetter deadLetter(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    Map<String, String> details = new HashMap<>();
    details.put("stage", "deserialize");
    if (context != null && context.processorNodeId() != null) {
      details.put("processor", context.processorNodeId());
    }
    return DeadLetter.newBuilder()
        .setApplication(APPLICATION)
        .setSource(record.topic())
        .setTopic(record.topic()).setPartition(record.partition()).setOffset(record.offset())
        .setReason(REASON)
        .setErrorClass(exception.getClass().getName())
        .setErrorMessage(String.valueOf(exception.getMessage()))
        .setFailedAt(Instant.now())
        .setOriginalValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
        .setDetails(details)
        .build();
  }

  /** Created at the first bad record: most handler instances never see one. */
  private synchronized Producer<String, DeadLetter> producer() {
    if (producer == null) {
      producer = producers.apply(producerConfig);
    }
    return producer;
  }
}
