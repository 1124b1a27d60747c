package io.leadpipe.ingest.replay;

import io.leadpipe.ingest.config.ProducerSettings;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes a Streams application's dead-lettered record back to its topic byte for byte (it may be
 * exactly what could not be decoded), under its original key. Its producer (idempotent, acks=all)
 * is created on the first replay that needs it: most instances never replay.
 */
@Singleton
public class RecordResender {

  private final String bootstrapServers;
  private final ProducerSettings producerSettings;
  private final ReplaySettings settings;
  private KafkaProducer<String, byte[]> producer;

  public RecordResender(
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers,
      ProducerSettings producerSettings,
      ReplaySettings settings) {
    this.bootstrapServers = bootstrapServers;
    this.producerSettings = producerSettings;
    this.settings = settings;
  }

  /** Sends and waits for the acknowledgement; throws {@link DeadLettersUnavailableException}. */
  public void send(String topic, String key, byte[] value) {
    try {
      producer()
          .send(new ProducerRecord<>(topic, key, value))
          .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeadLettersUnavailableException("Interrupted while replaying to " + topic, e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new DeadLettersUnavailableException(
          "Kafka did not acknowledge the record on "
              + topic
              + ": "
              + cause.getClass().getSimpleName(),
          e);
    }
  }

  private synchronized KafkaProducer<String, byte[]> producer() {
    if (producer == null) {
      Map<String, Object> config = new HashMap<>();
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      config.put(ProducerConfig.CLIENT_ID_CONFIG, "leadpipe-ingest-replay");
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      config.put(
          ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
          (int) producerSettings.deliveryTimeout().toMillis());
      config.put(
          ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
          (int) producerSettings.requestTimeout().toMillis());
      config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, producerSettings.maxBlock().toMillis());
      producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
    return producer;
  }

  @PreDestroy
  synchronized void close() {
    if (producer != null) {
      producer.close(producerSettings.closeTimeout());
    }
  }
}
