package io.leadpipe.scoring.identity.admin;

import io.leadpipe.schemas.identity.IdentityCommand;
import io.leadpipe.schemas.privacy.PrivacyRequest;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.scoring.identity.IdentityRules;
import io.leadpipe.scoring.privacy.PrivacyCommands;
import io.leadpipe.scoring.privacy.TopicHistory;
import io.leadpipe.service.registry.RegistrySettings;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The identity rules the topology runs with, and the Kafka clients behind the identity and privacy
 * admin API.
 */
@Factory
public class IdentityBeans {

  private final String bootstrapServers;
  private final RegistrySettings registry;
  private final IdentitySettings settings;

  public IdentityBeans(
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers,
      RegistrySettings registry,
      IdentitySettings settings) {
    this.bootstrapServers = bootstrapServers;
    this.registry = registry;
    this.settings = settings;
  }

  @Singleton
  public IdentityRules identityRules() {
    return settings.rules();
  }

  @Singleton
  @Bean(preDestroy = "close")
  public KafkaProducer<String, IdentityCommand> commandProducer() {
    return new KafkaProducer<>(
        producerConfig("leadpipe-scoring-identity-admin"),
        new StringSerializer(),
        Topics.IDENTITY_COMMANDS.valueSerde(registry.serdeConfig()).serializer());
  }

  @Singleton
  @Bean(preDestroy = "close")
  public KafkaProducer<String, PrivacyRequest> privacyRecordProducer() {
    return new KafkaProducer<>(
        producerConfig("leadpipe-scoring-privacy-records"),
        new StringSerializer(),
        Topics.PRIVACY_REQUESTS.valueSerde(registry.serdeConfig()).serializer());
  }

  @Singleton
  public PrivacyCommands privacyCommands(
      KafkaProducer<String, IdentityCommand> producer, Clock clock) {
    return new PrivacyCommands(producer, clock, settings.writeTimeout());
  }

  /** Exports read history topics with short-lived consumers: no group, nothing committed. */
  @Singleton
  public TopicHistory topicHistory() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "leadpipe-scoring-privacy-export");
    return new TopicHistory(
        () -> new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer()),
        settings.writeTimeout());
  }

  /**
   * Acknowledged by every in-sync replica, idempotent, bounded waits: a 2xx means the command is
   * stored.
   */
  private Map<String, Object> producerConfig(String clientId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.writeTimeout().toMillis());
    config.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        (int) settings.writeTimeout().dividedBy(2).toMillis());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.writeTimeout().dividedBy(2).toMillis());
    return config;
  }
}
