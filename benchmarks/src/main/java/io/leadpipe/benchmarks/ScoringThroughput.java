package io.leadpipe.benchmarks;

import io.leadpipe.scoring.app.streams.ScoringStreamsProperties;
import io.leadpipe.scoring.topology.ProspectTopology;
import io.leadpipe.scoring.topology.ScoringConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Events/s through the scoring topology, run in this JVM on the benchmark's broker from the
 * beginning of its input topics, once per processing guarantee (fresh application id and state each
 * time). Timing starts when the instance is RUNNING (start-up and rebalance excluded) and ends when
 * the application's committed offsets have caught up with every partition it reads, internal
 * repartition topics included: then every input record is processed and its results committed. The
 * instance runs with the service's own Streams settings ({@code leadpipe.scoring.streams.*}
 * defaults: commit interval, cache, linger, state compression), one stream thread; only the
 * guarantee differs between the runs, so the ratio shows what transactions cost. After the run the
 * instance is closed (RocksDB flushes) and its store files measured.
 */
final class ScoringThroughput {

  record Result(
      String guarantee,
      String applicationId,
      long inputRecords,
      double seconds,
      double eventsPerSecond,
      long heapBytes,
      Map<String, Long> storeFileBytes,
      Map<String, Long> recordsSentByTopic,
      Map<String, Long> bytesSentByTopic,
      String compression,
      Cpu cpu) {}

  /**
   * Where the time went during a timed run. In cores (CPU seconds per second of the run): the
   * instance's stream thread, this JVM's JIT compilers (still compiling the scoring code after the
   * untimed pass, or not) and the whole machine. As shares of the run: the stream thread blocked on
   * Kafka (Streams' {@code blocked-time-ns-total}: polls, producer flushes and transaction calls
   * waiting for the broker), in its commits and in its polls (each the thread metric's count over
   * the run times its average latency, whose window spans the run; Streams records a commit's
   * latency divided by the tasks it committed, so the commits' share is that much too small), and
   * the time some runnable thread waited for a CPU. A stream thread near one core is bound by its
   * own processing; below it, by the broker or by a machine whose cores it shares. {@code
   * blockedParts} splits the blocked time into the client metrics Streams sums for it, each as a
   * share of the run, keyed by client (consumer, restore-consumer, producer) and metric.
   */
  record Cpu(
      double streamThread,
      double blockedOnKafka,
      Map<String, Double> blockedParts,
      double inCommits,
      double commitsPerSecond,
      double inPolls,
      double jitCompilers,
      double machineBusy,
      double cpuWaitShare) {}

  /** The baseline's one store (its changelog is {@code <appId>-<store>-changelog}). */
  static final String BASELINE_STORE = "visitor-count-store";

  /** Catalogue topics; the application's internal ones start with its id. */
  private static final String CATALOGUE_PREFIX = "leadpipe.";

  private final String bootstrapServers;
  private final Map<String, ?> registryConfig;
  private final Path workDir;

  ScoringThroughput(String bootstrapServers, Map<String, ?> registryConfig, Path workDir) {
    this.bootstrapServers = bootstrapServers;
    this.registryConfig = registryConfig;
    this.workDir = workDir;
  }

  /** The catalogue topics the topology reads (internal repartition topics excluded). */
  static Set<String> inputTopics(Topology topology) {
    Set<String> topics = new TreeSet<>();
    for (TopologyDescription.Subtopology s : topology.describe().subtopologies()) {
      for (TopologyDescription.Node n : s.nodes()) {
        if (n instanceof TopologyDescription.Source source && source.topicSet() != null) {
          source.topicSet().stream()
              .filter(t -> t.startsWith(CATALOGUE_PREFIX))
              .forEach(topics::add);
        }
      }
    }
    return topics;
  }

  /** The catalogue topics the topology writes (dead letters and every published output). */
  static Set<String> outputTopics(Topology topology) {
    Set<String> topics = new TreeSet<>();
    for (TopologyDescription.Subtopology s : topology.describe().subtopologies()) {
      for (TopologyDescription.Node n : s.nodes()) {
        if (n instanceof TopologyDescription.Sink sink
            && sink.topic() != null
            && sink.topic().startsWith(CATALOGUE_PREFIX)) {
          topics.add(sink.topic());
        }
      }
    }
    return topics;
  }

  Topology topology() {
    return new ProspectTopology(ScoringConfig.defaults(), registryConfig).build();
  }

  Result run(String guarantee, long inputRecords, Duration timeout) throws InterruptedException {
    String applicationId = "bench-scoring-" + guarantee.replace('_', '-') + "-" + System.nanoTime();
    return timed(topology(), applicationId, guarantee, inputRecords, timeout);
  }

  /**
   * What Kafka Streams itself costs on this machine: a plain count per visitor (one persistent,
   * cached store and its changelog, no repartition, nothing published) over the same input records,
   * exactly-once, with the same settings and timing as {@link #run}. The scoring topology can never
   * beat it, so its share of this rate says how much of the gap to the raw producer is ours.
   */
  Result runBaseline(Set<String> inputs, long inputRecords, Duration timeout)
      throws InterruptedException {
    String applicationId = "bench-baseline-count-" + System.nanoTime();
    return timed(
        countByVisitor(inputs),
        applicationId,
        StreamsConfig.EXACTLY_ONCE_V2,
        inputRecords,
        timeout);
  }

  /** {@code stream(inputs as bytes).groupByKey().count()} into a persistent store. */
  static Topology countByVisitor(Set<String> inputs) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(inputs, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .groupByKey(Grouped.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .count(
            Materialized.<byte[], Long>as(
                    org.apache.kafka.streams.state.Stores.persistentKeyValueStore(BASELINE_STORE))
                .withKeySerde(Serdes.ByteArray())
                .withValueSerde(Serdes.Long()));
    return builder.build();
  }

  private Result timed(
      Topology topology,
      String applicationId,
      String guarantee,
      long inputRecords,
      Duration timeout)
      throws InterruptedException {
    Set<String> inputs = inputTopics(topology);
    Path stateDir = workDir.resolve("state-" + applicationId);
    ScoringStreamsProperties service = new ScoringStreamsProperties();
    service.setApplicationId(applicationId);
    service.setStateDir(stateDir.toString());
    service.setProcessingGuarantee(guarantee);
    service.setThreads(1);
    service.setLeaveGroupOnClose(false);
    Properties props =
        service
            .toSettings()
            .toProperties(bootstrapServers, registryConfig, new HostInfo("127.0.0.1", 1));
    props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    long heapBefore = usedHeapAfterGc();
    KafkaStreams streams = new KafkaStreams(topology, props);
    long heap;
    double seconds;
    Map<String, Long> sent;
    Map<String, Long> bytesSent;
    Cpu cpu;
    try {
      streams.start();
      waitFor(() -> streams.state() == KafkaStreams.State.RUNNING, timeout, "RUNNING");
      CpuClock clock = new CpuClock(streams, applicationId);
      long start = System.nanoTime();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
        InputsConsumed consumed = new InputsConsumed(streams, inputs);
        waitFor(
            () -> consumed.total() >= inputRecords,
            timeout,
            "all " + inputRecords + " input records consumed");
        waitFor(
            () -> GroupLag.caughtUp(admin, applicationId), timeout, "committed offsets caught up");
      }
      seconds = (System.nanoTime() - start) / 1e9;
      cpu = clock.since(seconds);
      heap = usedHeapAfterGc() - heapBefore;
      sent = producerTotals(streams, "record-send-total");
      bytesSent = producerTotals(streams, "byte-total");
    } finally {
      streams.close(Duration.ofSeconds(30));
    }
    return new Result(
        guarantee,
        applicationId,
        inputRecords,
        seconds,
        inputRecords / seconds,
        heap,
        storeFileBytes(stateDir.resolve(applicationId)),
        sent,
        bytesSent,
        service.getCompression(),
        cpu);
  }

  /**
   * CPU time read at the start of a timed run: the instance's stream threads (by their names, which
   * start with the application id), the JIT compilers' total and the machine's ticks.
   */
  private static final class CpuClock {

    private static final String STREAM_THREAD = "-StreamThread-";

    /** "-", a process id (a UUID) and "-" between the application id and a client's role. */
    private static final int PROCESS_ID_PREFIX = 38;

    private static final String BLOCKED = "blocked-time-ns-total";
    private static final String COMMITS = "commit-total";
    private static final String COMMIT_LATENCY = "commit-latency-avg";
    private static final String POLLS = "poll-total";
    private static final String POLL_LATENCY = "poll-latency-avg";
    private static final Set<String> THREAD_METRICS =
        Set.of(BLOCKED, COMMITS, COMMIT_LATENCY, POLLS, POLL_LATENCY);

    /**
     * The client metrics Streams adds up to {@code blocked-time-ns-total}
     * (StreamThreadTotalBlockedTime), by metric group: its consumers' network time (the main and
     * the restore consumer), offset lookups and commits; its producer's waits for buffer space,
     * flushes and transaction calls. The producer's network time is its own I/O thread's.
     */
    private static final Map<String, Set<String>> BLOCKED_PARTS =
        Map.of(
            "consumer-metrics",
            Set.of(
                "io-wait-time-ns-total",
                "io-time-ns-total",
                "committed-time-ns-total",
                "commit-sync-time-ns-total"),
            "producer-metrics",
            Set.of(
                "bufferpool-wait-time-ns-total",
                "flush-time-ns-total",
                "txn-init-time-ns-total",
                "txn-begin-time-ns-total",
                "txn-send-offsets-time-ns-total",
                "txn-commit-time-ns-total",
                "txn-abort-time-ns-total"));

    /** The global state thread's consumer, whose time is not the stream thread's. */
    private static final String GLOBAL_CONSUMER = "global-consumer";

    private final KafkaStreams streams;
    private final String applicationId;
    private final long streamThreadNanos;
    private final double blockedNanos;
    private final Map<String, Double> blockedPartNanos;
    private final double commits;
    private final double polls;
    private final long compileMillis;
    private final MachineStats machine;

    CpuClock(KafkaStreams streams, String applicationId) {
      this.streams = streams;
      this.applicationId = applicationId;
      this.streamThreadNanos = streamThreadNanos();
      Map<String, Double> metrics = threadMetrics();
      this.blockedNanos = metrics.getOrDefault(BLOCKED, 0.0);
      this.blockedPartNanos = blockedPartNanos();
      this.commits = metrics.getOrDefault(COMMITS, 0.0);
      this.polls = metrics.getOrDefault(POLLS, 0.0);
      this.compileMillis = compileMillis();
      this.machine = MachineStats.now();
    }

    Cpu since(double seconds) {
      MachineStats now = MachineStats.now();
      Map<String, Double> metrics = threadMetrics();
      double commitsInRun = metrics.getOrDefault(COMMITS, 0.0) - commits;
      double pollsInRun = metrics.getOrDefault(POLLS, 0.0) - polls;
      Map<String, Double> blockedParts = new TreeMap<>();
      blockedPartNanos()
          .forEach(
              (part, nanos) -> {
                double share = (nanos - blockedPartNanos.getOrDefault(part, 0.0)) / 1e9 / seconds;
                if (share > 0) {
                  blockedParts.put(part, share);
                }
              });
      return new Cpu(
          (streamThreadNanos() - streamThreadNanos) / 1e9 / seconds,
          (metrics.getOrDefault(BLOCKED, 0.0) - blockedNanos) / 1e9 / seconds,
          blockedParts,
          commitsInRun * metrics.getOrDefault(COMMIT_LATENCY, 0.0) / 1e3 / seconds,
          commitsInRun / seconds,
          pollsInRun * metrics.getOrDefault(POLL_LATENCY, 0.0) / 1e3 / seconds,
          (compileMillis() - compileMillis) / 1e3 / seconds,
          now.coresBusySince(machine),
          now.cpuWaitShareSince(machine));
    }

    private long streamThreadNanos() {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long nanos = 0;
      for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
        if (info != null
            && info.getThreadName().startsWith(applicationId)
            && info.getThreadName().contains(STREAM_THREAD)) {
          nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
        }
      }
      return nanos;
    }

    /**
     * The stream thread metrics read here, each summed over the instance's threads (one here), in
     * one pass: {@link KafkaStreams#metrics()} copies every metric of the instance.
     */
    private Map<String, Double> threadMetrics() {
      Map<String, Double> sums = new TreeMap<>();
      for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
        if (THREAD_METRICS.contains(e.getKey().name())
            && e.getKey().group().equals("stream-thread-metrics")
            && e.getValue().metricValue() instanceof Number value
            && !Double.isNaN(value.doubleValue())) {
          sums.merge(e.getKey().name(), value.doubleValue(), Double::sum);
        }
      }
      return sums;
    }

    /**
     * The parts of the blocked time by client and metric, e.g. {@code StreamThread-1-producer
     * flush-time-ns-total}: the client is its id without the application id and process id that
     * start it.
     */
    private Map<String, Double> blockedPartNanos() {
      Map<String, Double> sums = new TreeMap<>();
      for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
        MetricName name = e.getKey();
        String clientId = name.tags().getOrDefault("client-id", "");
        if (BLOCKED_PARTS.getOrDefault(name.group(), Set.of()).contains(name.name())
            && clientId.length() > applicationId.length() + PROCESS_ID_PREFIX
            && !clientId.endsWith(GLOBAL_CONSUMER)
            && e.getValue().metricValue() instanceof Number value
            && !Double.isNaN(value.doubleValue())) {
          String client = clientId.substring(applicationId.length() + PROCESS_ID_PREFIX);
          sums.merge(client + " " + name.name(), value.doubleValue(), Double::sum);
        }
      }
      return sums;
    }

    /** Milliseconds the JIT compilers have spent; 0 where the JVM does not tell. */
    private static long compileMillis() {
      CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
      return jit != null && jit.isCompilationTimeMonitoringSupported()
          ? jit.getTotalCompilationTime()
          : 0;
    }
  }

  /**
   * A total of the instance's producers per topic: {@code record-send-total} (records) or {@code
   * byte-total} (bytes of the batches as sent, after compression: what the network and the broker's
   * log carry). A batch sent again (retry) counts again, and so do the records of aborted
   * transactions.
   */
  private static Map<String, Long> producerTotals(KafkaStreams streams, String metric) {
    Map<String, Long> totals = new TreeMap<>();
    for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
      MetricName name = e.getKey();
      if (name.name().equals(metric)
          && name.group().equals("producer-topic-metrics")
          && name.tags().get("topic") != null) {
        totals.merge(
            name.tags().get("topic"), ((Number) e.getValue().metricValue()).longValue(), Long::sum);
      }
    }
    return totals;
  }

  /**
   * Bytes of each store's data files (RocksDB's {@code .sst} tables, compressed as configured)
   * under the application's state directory, after close (memtables flushed). Logs, manifests and
   * options files are a fixed cost per store and task, not per visitor, so they are left out.
   * Layout: {@code <task>/rocksdb/<store>/} for key-value stores, {@code <task>/<store>/<segment>/}
   * for segmented (window) stores.
   */
  static Map<String, Long> storeFileBytes(Path appStateDir) {
    Map<String, Long> bytes = new TreeMap<>();
    if (!Files.isDirectory(appStateDir)) {
      return bytes;
    }
    try (Stream<Path> files = Files.walk(appStateDir)) {
      files
          .filter(f -> f.getFileName().toString().endsWith(".sst"))
          .forEach(
              file -> {
                Path relative = appStateDir.relativize(file);
                if (relative.getNameCount() < 3) {
                  return;
                }
                String store =
                    relative.getName(1).toString().equals("rocksdb") && relative.getNameCount() > 3
                        ? relative.getName(2).toString()
                        : relative.getName(1).toString();
                bytes.merge(store, file.toFile().length(), Long::sum);
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes;
  }

  /**
   * Records the instance's consumer took from the input topics (client metric, per topic). {@link
   * KafkaStreams#metrics()} copies every metric of the instance (about 17,000 here: a changelog,
   * RocksDB and cache metrics per store and task), and calling it at every poll took three quarters
   * of the CPU of the stream thread being timed. So the input topics' metrics are looked up at most
   * once a second and read in between; a topic's metric appears on its first fetch, and a lookup
   * that missed it only delays the end by that second once, when the sum is still short.
   */
  private static final class InputsConsumed {

    private static final long LOOKUP_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final KafkaStreams streams;
    private final Set<String> inputs;
    private List<Metric> metrics;
    private long lookedUpAt;

    InputsConsumed(KafkaStreams streams, Set<String> inputs) {
      this.streams = streams;
      this.inputs = inputs;
      this.metrics = lookUp();
      this.lookedUpAt = System.nanoTime();
    }

    double total() {
      long now = System.nanoTime();
      if (now - lookedUpAt > LOOKUP_INTERVAL_NANOS) {
        metrics = lookUp();
        lookedUpAt = now;
      }
      double total = 0;
      for (Metric metric : metrics) {
        total += ((Number) metric.metricValue()).doubleValue();
      }
      return total;
    }

    private List<Metric> lookUp() {
      List<Metric> found = new ArrayList<>();
      for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
        MetricName name = e.getKey();
        if (name.name().equals("records-consumed-total")
            && name.group().equals("consumer-fetch-manager-metrics")
            && isInput(inputs, name.tags().get("topic"))
            && !name.tags().getOrDefault("client-id", "").contains("restore")) {
          found.add(e.getValue());
        }
      }
      return found;
    }
  }

  /**
   * The consumer's per-topic metrics tag dots as underscores (JMX-safe names); accept either
   * spelling.
   */
  private static boolean isInput(Set<String> inputs, String tag) {
    return tag != null
        && inputs.stream().anyMatch(t -> t.equals(tag) || t.replace('.', '_').equals(tag));
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
