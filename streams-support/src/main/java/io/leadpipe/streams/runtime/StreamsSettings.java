package io.leadpipe.streams.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The knobs of one Kafka Streams application of the service, as plain values.
 *
 * @param applicationId consumer group and prefix of internal topics; instances with the same id
 *     share the work
 * @param stateDir local state root (Streams adds the application id below it)
 * @param processingGuarantee {@code exactly_once_v2} (default) or {@code at_least_once}
 * @param commitInterval how often offsets, state and output commit; bounds end-to-end latency under
 *     EOS
 * @param poll how long a stream thread blocks waiting for records ({@code poll.ms})
 * @param cacheMaxBytes record cache of all threads; 0 forwards every update at once
 * @param threads stream threads of this instance
 * @param producerLinger producer batching delay (Streams' own default is 100 ms under
 *     at_least_once)
 * @param replicationFactor of internal topics; -1 takes the broker default
 * @param shutdownAfterFailures stream-thread failures within {@code failureWindow} that shut the
 *     application down
 * @param failureWindow the window those failures are counted in
 * @param closeTimeout how long shutdown waits for threads to commit and stop
 * @param leaveGroupOnClose a clean shutdown hands the partitions to the other instances at once,
 *     instead of after the consumer session times out; Kafka Streams honours this for static
 *     members only, so the instance joins with a group.instance.id ({@link #instanceId})
 * @param compression codec of everything Streams produces: changelogs, repartition topics, output
 *     ({@link StateCompression})
 * @param stateCompression codec of the state stores' RocksDB files; zstd also trains a dictionary
 *     per file ({@link StateCompression})
 * @param overrides any other Streams/consumer/producer property, applied last
 * @param registryBackoff while the schema registry cannot answer, the application is paused and
 *     probes it first after this long, doubling each time ({@link RegistryOutage})
 * @param registryBackoffMax the longest wait between two probes
 */
public record StreamsSettings(
    String applicationId,
    String stateDir,
    String processingGuarantee,
    Duration commitInterval,
    Duration poll,
    long cacheMaxBytes,
    int threads,
    Duration producerLinger,
    int replicationFactor,
    int shutdownAfterFailures,
    Duration failureWindow,
    Duration closeTimeout,
    boolean leaveGroupOnClose,
    String compression,
    String stateCompression,
    Map<String, String> overrides,
    Duration registryBackoff,
    Duration registryBackoffMax) {

  /**
   * Produce requests one exactly-once producer keeps in flight per broker. With transactions v2
   * (KIP-890, the default from Kafka 4.0) a partition's first batch in each transaction must reach
   * the broker's log before any later one: a second batch sent while the first still waits for the
   * broker to add the partition to the transaction is rejected as OUT_OF_ORDER_SEQUENCE_NUMBER
   * (KAFKA-18202) and retried after the producer's retry backoff (100 ms, growing to 1 s), which
   * holds up the commit. One request in flight never sends that second batch early; a request
   * carries a batch of every partition ready for the broker, so throughput does not suffer.
   */
  static final int EXACTLY_ONCE_IN_FLIGHT_REQUESTS = 1;

  /**
   * What Streams produces: compressed on the stream thread, batch by batch, and a service at a few
   * hundred events per second sends mostly batches of one to a few records, so the codec with the
   * least fixed cost per batch. Kafka's lz4 stream allocates 128 KiB per batch, however small;
   * snappy reuses its buffers and sends about as few bytes for such batches (docs/benchmarks.md).
   */
  public static final String DEFAULT_COMPRESSION = "snappy";

  /** The stores' files: compressed in RocksDB's background threads, so the smallest codec. */
  public static final String DEFAULT_STATE_COMPRESSION = "zstd";

  /** First probe of an unavailable schema registry. */
  public static final Duration DEFAULT_REGISTRY_BACKOFF = Duration.ofSeconds(1);

  /** Longest wait between probes of an unavailable schema registry. */
  public static final Duration DEFAULT_REGISTRY_BACKOFF_MAX = Duration.ofSeconds(30);

  public StreamsSettings {
    overrides = Map.copyOf(overrides);
    if (shutdownAfterFailures < 1) {
      throw new IllegalArgumentException("shutdown-after-failures must be >= 1");
    }
    if (registryBackoff == null || registryBackoff.isNegative() || registryBackoff.isZero()) {
      throw new IllegalArgumentException("registry-backoff must be positive: " + registryBackoff);
    }
    if (registryBackoffMax == null || registryBackoffMax.compareTo(registryBackoff) < 0) {
      throw new IllegalArgumentException(
          "registry-backoff-max must be at least registry-backoff: " + registryBackoffMax);
    }
  }

  /**
   * The Streams configuration of one instance. {@code self} becomes {@code application.server}, so
   * other instances can forward queries for keys this instance owns.
   */
  public Properties toProperties(
      String bootstrapServers, Map<String, ?> registryConfig, HostInfo self) {
    Properties p = new Properties();
    p.putAll(registryConfig);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    p.put(StreamsConfig.POLL_MS_CONFIG, poll.toMillis());
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheMaxBytes);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
    p.put(
        StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
        (int) producerLinger.toMillis());
    if (StreamsConfig.EXACTLY_ONCE_V2.equals(processingGuarantee)) {
      p.put(
          StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION),
          EXACTLY_ONCE_IN_FLIGHT_REQUESTS);
    }
    StateCompression.apply(p, compression, stateCompression);
    if (leaveGroupOnClose) {
      p.put(
          StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
          instanceId(self));
    }
    p.putAll(overrides);
    return p;
  }

  /**
   * Unique per instance and stable across its restarts: its advertised address, or, while that is
   * still the loopback default every instance shares, this machine's host name (a pod's or
   * container's name) with the port. Two members with one id fence each other, so the default must
   * never be shared. Only [a-zA-Z0-9._-] allowed.
   */
  public static String instanceId(HostInfo self) {
    String host = isLoopback(self.host()) ? localHostName(self.host()) : self.host();
    return (host + "-" + self.port()).replaceAll("[^a-zA-Z0-9._-]", "_");
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  private static String localHostName(String fallback) {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String variable = System.getenv("HOSTNAME");
      return variable == null || variable.isBlank() ? fallback : variable;
    }
  }
}
