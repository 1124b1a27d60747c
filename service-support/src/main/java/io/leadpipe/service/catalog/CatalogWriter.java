package io.leadpipe.service.catalog;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes definitions (a null value deletes) to a {@link CompactedCatalog}'s topic, keyed by id, and
 * returns only once every in-sync replica has them (acks=all, idempotent): an admin API answers 2xx
 * for acknowledged writes only.
 *
 * @param <V> the definition's record type
 */
public class CatalogWriter<V> implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaProducer<String, V> producer;
  private final String topic;
  private final Duration writeTimeout;
  private final BiFunction<String, Exception, RuntimeException> unavailable;

  /**
   * @param unavailable the exception to throw, from a message and its cause, when Kafka does not
   *     acknowledge a write within {@code writeTimeout} (each admin API answers it with its 503)
   */
  public CatalogWriter(
      String bootstrapServers,
      String topic,
      String clientId,
      Serializer<V> values,
      Duration writeTimeout,
      BiFunction<String, Exception, RuntimeException> unavailable) {
    this.topic = topic;
    this.writeTimeout = writeTimeout;
    this.unavailable = unavailable;
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // Bounded waits, so a request never hangs on an unreachable cluster (delivery >= request
    // timeout + linger).
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) writeTimeout.toMillis());
    config.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) writeTimeout.dividedBy(2).toMillis());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, writeTimeout.dividedBy(2).toMillis());
    this.producer = new KafkaProducer<>(config, new StringSerializer(), values);
  }

  /** Writes and waits for the acknowledgement; returns the record's offset. */
  public long write(String id, V definition) {
    try {
      return producer
          .send(new ProducerRecord<>(topic, id, definition))
          .get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable.apply("interrupted while writing to " + topic, e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw unavailable.apply("Kafka did not acknowledge the write to " + topic + " in time", e);
    }
  }

  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
