package io.leadpipe.notifier.topology;

import io.leadpipe.streams.deadletter.DeadLetteringDeserializationHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings the notifier's topology needs on top of the shared ones ({@code
 * StreamsSettings}): exactly_once_v2 so state, triggers and decisions commit as one, input read
 * from the earliest offset, and unreadable input dead-lettered under the notifier's name.
 */
public final class NotifierStreamsConfig {
  /** The application every notifier dead letter names. */
  public static final String DEAD_LETTER_APPLICATION = "notifier-service";

  private NotifierStreamsConfig() {}

  /**
   * What the topology needs whatever the deployment: applied on top of the notifier's {@code
   * StreamsSettings}.
   */
  public static Map<String, String> topologyOverrides() {
    return Map.of(
        // A new notifier must see hesitations already waiting, not only those detected after it
        // started.
        StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG),
        "earliest",
        // An unreadable input record is dead-lettered and skipped instead of stopping the
        // follow-ups.
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetteringDeserializationHandler.class.getName(),
        DeadLetteringDeserializationHandler.APPLICATION_CONFIG,
        DEAD_LETTER_APPLICATION);
  }

  /** A bare configuration of the topology (tests that run it in-JVM without the service). */
  public static Properties of(
      String bootstrapServers,
      String applicationId,
      String stateDir,
      Duration commitInterval,
      Map<String, ?> registryConfig) {
    Properties p = new Properties();
    p.putAll(registryConfig);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    p.putAll(topologyOverrides());
    return p;
  }
}
