package io.leadpipe.notifier.topology;

import io.leadpipe.notifier.deadletter.DeadLetteringDeserializationHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings the notifier needs; exactly_once_v2 so state, triggers and decisions commit as one. */
public final class NotifierStreamsConfig {
  private NotifierStreamsConfig() {}

  public static Properties of(String bootstrapServers, String applicationId, String stateDir, Duration commitInterval,
                              Map<String, ?> registryConfig) {
    Properties p = new Properties();
    p.putAll(registryConfig);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    // A new notifier must see hesitations already waiting, not only those detected after it started.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // An unreadable input record is dead-lettered and skipped instead of stopping the follow-ups.
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringDeserializationHandler.class);
    return p;
  }
}
