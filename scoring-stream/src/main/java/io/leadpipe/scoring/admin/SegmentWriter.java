package io.leadpipe.scoring.admin;

import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.service.registry.RegistrySettings;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes segment definitions (a null value deletes) to {@code leadpipe.segment-definitions}, keyed
 * by segment id, and returns only once every in-sync replica has them (acks=all, idempotent): the
 * admin API answers 2xx for acknowledged writes only.
 */
@Singleton
public class SegmentWriter implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaProducer<String, SegmentDefinition> producer;
  private final Duration writeTimeout;

  public SegmentWriter(
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers,
      RegistrySettings registry,
      SegmentSettings settings) {
    this.writeTimeout = settings.writeTimeout();
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "leadpipe-scoring-segment-admin");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // Bounded waits, so a request never hangs on an unreachable cluster (delivery >= request
    // timeout + linger).
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) writeTimeout.toMillis());
    config.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) writeTimeout.dividedBy(2).toMillis());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, writeTimeout.dividedBy(2).toMillis());
    this.producer =
        new KafkaProducer<>(
            config,
            new StringSerializer(),
            Topics.SEGMENT_DEFINITIONS.valueSerde(registry.serdeConfig()).serializer());
  }

  /** Writes and waits for the acknowledgement; returns the record's offset. */
  public long write(String segmentId, SegmentDefinition definition) {
    try {
      return producer
          .send(new ProducerRecord<>(Topics.SEGMENT_DEFINITIONS.name(), segmentId, definition))
          .get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SegmentsUnavailableException("interrupted while writing the segment", e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new SegmentsUnavailableException(
          "Kafka did not acknowledge the segment write in time", e);
    }
  }

  @PreDestroy
  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
