package io.leadpipe.scoring.app.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.streams.runtime.StateCompression;
import io.leadpipe.streams.runtime.StreamsSettings;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

  private static StreamsSettings bind(Map<String, Object> properties) {
    try (ApplicationContext ctx = ApplicationContext.run(withoutDashboard(properties))) {
      return ctx.getBean(ScoringStreamsProperties.class).toSettings();
    }
  }

  @Test
  void defaultsAreExactlyOnceUnderTheScoringApplicationIdWithStateUnderLocalData() {
    Properties p =
        bind(Map.of())
            .toProperties(
                "broker:9092",
                Map.of("schema.registry.url", "mock://x"),
                new HostInfo("scoring-1", 8082));

    assertThat(p)
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "leadpipe-scoring")
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.STATE_DIR_CONFIG, ".local-data/streams")
        .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "scoring-1:8082")
        .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L)
        // About twenty cached stores per task: the Streams default of 10 MiB filled between
        // commits.
        .containsEntry(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024)
        .containsEntry("schema.registry.url", "mock://x")
        // A static member, so that a clean shutdown can hand its partitions over at once.
        .containsEntry("main.consumer.group.instance.id", "scoring-1-8082")
        // Transactions v2 reject a partition's second batch sent before its first reached the log.
        .containsEntry(StreamsConfig.producerPrefix("max.in.flight.requests.per.connection"), 1)
        // Records compressed on the stream thread, cheaply; the stores' files by RocksDB, smaller.
        .containsEntry(StreamsConfig.producerPrefix("compression.type"), "snappy")
        .containsEntry(StateCompression.CODEC_CONFIG, "zstd");
    // Whatever the config, the resulting properties must be accepted by Kafka Streams itself.
    new StreamsConfig(p);
  }

  @Test
  void withTheLoopbackDefaultAddressTheStaticMemberIdIsTheMachinesNameNotTheSharedDefault()
      throws Exception {
    Properties p =
        bind(Map.of()).toProperties("broker:9092", Map.of(), new HostInfo("127.0.0.1", 8082));

    // Every instance left on the default address would otherwise join as 127.0.0.1-8082, and two
    // members with one group.instance.id fence each other.
    String expected =
        (java.net.InetAddress.getLocalHost().getHostName() + "-8082")
            .replaceAll("[^a-zA-Z0-9._-]", "_");
    assertThat(p).containsEntry("main.consumer.group.instance.id", expected);
    assertThat(StreamsSettings.instanceId(new HostInfo("127.0.0.1", 8092)))
        .isNotEqualTo(expected)
        .endsWith("-8092");
  }

  @Test
  void everyKnobIsConfigurableAndRawPropertiesApplyLast() {
    StreamsSettings s =
        bind(
            Map.ofEntries(
                Map.entry("leadpipe.scoring.streams.application-id", "scoring-b"),
                Map.entry("leadpipe.scoring.streams.state-dir", "/var/lib/scoring"),
                Map.entry("leadpipe.scoring.streams.processing-guarantee", "at_least_once"),
                Map.entry("leadpipe.scoring.streams.commit-interval", "20ms"),
                Map.entry("leadpipe.scoring.streams.poll", "10ms"),
                Map.entry("leadpipe.scoring.streams.cache-max-bytes", 0),
                Map.entry("leadpipe.scoring.streams.threads", 2),
                Map.entry("leadpipe.scoring.streams.producer-linger", "0ms"),
                Map.entry("leadpipe.scoring.streams.shutdown-after-failures", 5),
                Map.entry("leadpipe.scoring.streams.failure-window", "1m"),
                Map.entry("leadpipe.scoring.streams.leave-group-on-close", false),
                Map.entry("leadpipe.scoring.streams.compression", "zstd"),
                Map.entry("leadpipe.scoring.streams.state-compression", "lz4"),
                Map.entry("leadpipe.scoring.streams.properties.consumer.max.poll.records", "250")));

    Properties p = s.toProperties("b:9092", Map.of(), new HostInfo("h", 1));

    assertThat(s.shutdownAfterFailures()).isEqualTo(5);
    assertThat(s.failureWindow()).isEqualTo(Duration.ofMinutes(1));
    assertThat(p)
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-b")
        .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/var/lib/scoring")
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE)
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 20L)
        .containsEntry(StreamsConfig.POLL_MS_CONFIG, 10L)
        .containsEntry(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L)
        .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2)
        .containsEntry(StreamsConfig.producerPrefix("linger.ms"), 0)
        .containsEntry("consumer.max.poll.records", "250")
        .containsEntry(StreamsConfig.producerPrefix("compression.type"), "zstd")
        .containsEntry(StateCompression.CODEC_CONFIG, "lz4")
        .doesNotContainKey("main.consumer.group.instance.id")
        .doesNotContainKey(StreamsConfig.producerPrefix("max.in.flight.requests.per.connection"));
    new StreamsConfig(p);
  }

  /** Only configuration is under test: the dashboard module's Kafka clients stay off. */
  private static Map<String, Object> withoutDashboard(Map<String, Object> properties) {
    Map<String, Object> p = new java.util.HashMap<>(properties);
    p.put("leadpipe.dashboard.enabled", false);
    return p;
  }
}
