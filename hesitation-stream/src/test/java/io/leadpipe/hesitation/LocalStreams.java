package io.leadpipe.hesitation;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Starts the hesitation topology as a real Streams application, as the service runs it:
 * exactly_once_v2.
 */
final class LocalStreams {

  private static final Duration STARTUP = Duration.ofSeconds(90);

  private LocalStreams() {}

  /** Started and RUNNING; a short commit interval so committed output follows a tick closely. */
  static KafkaStreams start(
      String bootstrapServers,
      Map<String, ?> registryConfig,
      HesitationConfig config,
      String applicationId,
      Path stateDir) {
    Properties props = new Properties();
    props.putAll(registryConfig);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // A replaced instance's partitions move on within seconds rather than the default 45 s.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
    KafkaStreams streams =
        new KafkaStreams(new HesitationTopology(config, registryConfig).build(), props);
    streams.start();
    await().atMost(STARTUP).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    return streams;
  }
}
