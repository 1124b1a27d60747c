package io.leadpipe.notifier.topology;

import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.policy.PolicyConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The follow-up topology running in the test JVM on the devkit broker, with a short tick and
 * session timeout.
 */
public final class InJvmNotifier {

  private static final Duration TICK = Duration.ofMillis(200);
  private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);
  private static final Duration RUNNING = Duration.ofSeconds(60);

  private InJvmNotifier() {}

  /** Starts it and waits until it is RUNNING. */
  public static KafkaStreams start(
      KafkaTestEnvironment env,
      PolicyConfig config,
      String appId,
      Path stateDir,
      DecisionListener listener) {
    NotifierTopology topology =
        new NotifierTopology(
            new FollowupPolicy(config, Clock.systemUTC()),
            ValueSerdes.registry(env.registryConfig()),
            listener,
            TICK);
    Properties props =
        NotifierStreamsConfig.of(
            env.bootstrapServers(),
            appId,
            stateDir.toString(),
            COMMIT_INTERVAL,
            env.registryConfig());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
    KafkaStreams streams = new KafkaStreams(topology.build(), props);
    streams.start();
    await().atMost(RUNNING).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    return streams;
  }
}
