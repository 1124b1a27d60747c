package io.leadpipe.ingest.publish;

import io.leadpipe.ingest.config.ProducerSettings;
import io.leadpipe.registry.client.SchemaRegistryClient;
import io.leadpipe.registry.client.SchemaRegistryClients;
import io.leadpipe.service.registry.RegistrySettings;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka clients of ingest: one idempotent producer (acks=all) for every topic it writes, with
 * bounded waits so a request never hangs on an unreachable cluster, and an Admin for readiness.
 */
@Factory
public class KafkaClientsFactory {

  private final String bootstrapServers;

  public KafkaClientsFactory(
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * One caching registry client for every serializer and the readiness check: a schema id looked up
   * by either is known to both, so readiness tells exactly whether every record type can be
   * encoded.
   */
  @Singleton
  public SchemaRegistryClient schemaRegistryClient(RegistrySettings registry) {
    return SchemaRegistryClients.fromConfig(registry.serdeConfig());
  }

  /**
   * Closed by {@link EventPublisher} with a bounded wait (KafkaProducer#close() alone waits
   * forever).
   */
  @Singleton
  public KafkaProducer<String, SpecificRecord> producer(
      ProducerSettings settings, RegistrySettings registry, SchemaRegistryClient registryClient) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "leadpipe-ingest");
    // Success is answered only for acknowledged records: all in-sync replicas, no duplicates on
    // retry.
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.deliveryTimeout().toMillis());
    config.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) settings.requestTimeout().toMillis());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.maxBlock().toMillis());
    config.put(ProducerConfig.LINGER_MS_CONFIG, (int) settings.linger().toMillis());
    return new KafkaProducer<>(
        config,
        new StringSerializer(),
        new TopicRoutingSerializer(
            EventPublisher.WRITTEN_TOPICS, registry.serdeConfig(), registryClient));
  }

  /**
   * The producer's own metrics (record send rate, batch size, request latency, errors) in
   * /prometheus: Micronaut binds every MeterBinder bean to the registry.
   */
  @Singleton
  @Bean(preDestroy = "close")
  public KafkaClientMetrics producerMetrics(KafkaProducer<String, SpecificRecord> producer) {
    return new KafkaClientMetrics(producer);
  }

  @Singleton
  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.CLIENT_ID_CONFIG,
            "leadpipe-ingest-readiness"));
  }
}
