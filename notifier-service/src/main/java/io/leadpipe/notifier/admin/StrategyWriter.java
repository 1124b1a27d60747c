package io.leadpipe.notifier.admin;

import io.leadpipe.schemas.followup.FollowupStrategy;
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
 * Writes strategies (a null value deletes) to {@code leadpipe.followup-strategies}, keyed by
 * strategy id, and returns only once every in-sync replica has them (acks=all, idempotent): the
 * admin API answers 2xx for acknowledged writes only.
 */
@Singleton
public class StrategyWriter implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaProducer<String, FollowupStrategy> producer;
  private final Duration writeTimeout;

  public StrategyWriter(
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers,
      RegistrySettings registry,
      StrategySettings settings) {
    this.writeTimeout = settings.writeTimeout();
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "leadpipe-notifier-strategy-admin");
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
            Topics.FOLLOWUP_STRATEGIES.valueSerde(registry.serdeConfig()).serializer());
  }

  /** Writes and waits for the acknowledgement; returns the record's offset. */
  public long write(String strategyId, FollowupStrategy strategy) {
    try {
      return producer
          .send(new ProducerRecord<>(Topics.FOLLOWUP_STRATEGIES.name(), strategyId, strategy))
          .get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StrategiesUnavailableException("interrupted while writing the strategy", e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new StrategiesUnavailableException(
          "Kafka did not acknowledge the strategy write in time", e);
    }
  }

  @PreDestroy
  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
