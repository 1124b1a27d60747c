package io.leadpipe.benchmarks;

import io.leadpipe.schemas.segment.SegmentCategory;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * End-to-end latency at a fixed rate, as a shop sees it: from ingest's success answer for an event
 * to the visitor's profile on {@code leadpipe.prospect-profiles} and to their ENTERED change on
 * {@code leadpipe.segment-changes} (both read committed, as subscribers read them). Demo traffic
 * keeps the pipeline at the target rate (open loop: requests leave on schedule whatever the
 * answers); probe visitors, each new, send one page view that enters a benchmark segment, so each
 * probe's first profile and first segment change are unambiguous.
 */
final class EndToEndLatency {

  static final String PROBE_SEGMENT = "bench-probes";
  private static final String PROBE_PREFIX = "probe-";
  private static final int EVENTS_PER_REQUEST = 10;
  private static final int PROBES_PER_SECOND = 50;
  private static final String READ_COMMITTED = "read_committed";
  private static final String READ_UNCOMMITTED = "read_uncommitted";

  /** A probe slower than this to its profile is a slow one ({@link SlowProbes}). */
  static final long SLOW_PROBE_MILLIS = 1_000;

  record Result(
      long[] toProfileMicros,
      long[] toSegmentMicros,
      Stages stages,
      SlowProbes slow,
      int probes,
      int backgroundRequests,
      int failedRequests) {}

  /**
   * Where each probe's time to its profile went, probe by probe (microseconds, sorted): from the
   * success answer to its event on {@code leadpipe.web-events} (negative when the record was
   * readable before the answer reached the client), from there to its profile written (read
   * uncommitted), and from there to that profile readable committed. {@code slowest} holds the same
   * three stages averaged over the slowest 1 % of probes, to tell where the tail waits.
   */
  record Stages(long[] toInput, long[] toWritten, long[] toCommitted, double[] slowestMeanMicros) {

    static final Stages NOT_TRACED =
        new Stages(new long[0], new long[0], new long[0], new double[] {0, 0, 0});
  }

  private final HttpLoad load;
  private final String bootstrapServers;
  private final Map<String, ?> registryConfig;

  EndToEndLatency(HttpLoad load, String bootstrapServers, Map<String, ?> registryConfig) {
    this.load = load;
    this.bootstrapServers = bootstrapServers;
    this.registryConfig = registryConfig;
  }

  /**
   * The segment every probe enters with its first page view (written straight to the definitions
   * topic).
   */
  void defineProbeSegment() throws Exception {
    SegmentDefinition definition =
        SegmentDefinition.newBuilder()
            .setSegmentId(PROBE_SEGMENT)
            .setName("Benchmark probes")
            .setCategory(SegmentCategory.BEHAVIOURAL)
            .setUpdatedAt(Instant.now())
            .setRule("{\"all\":[{\"attr\":\"activity.pageViews\",\"op\":\"gte\",\"value\":1}]}")
            .build();
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, SegmentDefinition> producer =
        new KafkaProducer<>(
            props,
            Topics.SEGMENT_DEFINITIONS.keySerde().serializer(),
            Topics.SEGMENT_DEFINITIONS.valueSerde(registryConfig).serializer())) {
      producer
          .send(new ProducerRecord<>(Topics.SEGMENT_DEFINITIONS.name(), PROBE_SEGMENT, definition))
          .get();
    }
  }

  Result run(DemoCorpus background, int eventsPerSecond, int seconds, Duration drain)
      throws InterruptedException {
    return run(background, eventsPerSecond, seconds, drain, false);
  }

  /**
   * As {@link #run(DemoCorpus, int, int, Duration)}; with {@code traceStages}, two more watchers
   * read the input and the profile topic read-uncommitted for the {@link Stages}. They are left out
   * otherwise: during a re-evaluation pass the profile watcher alone would read the pass's whole
   * output in the harness's JVM, which shares the two cores with the service being measured.
   */
  Result run(
      DemoCorpus background, int eventsPerSecond, int seconds, Duration drain, boolean traceStages)
      throws InterruptedException {
    Map<String, Long> acked = new ConcurrentHashMap<>();
    Map<String, Long> answeredAtMillis = new ConcurrentHashMap<>();
    Map<String, Long> inputSeen = new ConcurrentHashMap<>();
    Map<String, Long> profileWritten = new ConcurrentHashMap<>();
    Map<String, Long> profileSeen = new ConcurrentHashMap<>();
    Map<String, Long> segmentSeen = new ConcurrentHashMap<>();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> watchers = new ArrayList<>();
    watchers.add(watch(Topics.PROSPECT_PROFILES.name(), READ_COMMITTED, profileSeen, running));
    watchers.add(watch(Topics.SEGMENT_CHANGES.name(), READ_COMMITTED, segmentSeen, running));
    if (traceStages) {
      watchers.add(watch(Topics.WEB_EVENTS.name(), READ_UNCOMMITTED, inputSeen, running));
      watchers.add(
          watch(Topics.PROSPECT_PROFILES.name(), READ_UNCOMMITTED, profileWritten, running));
    }
    Thread.sleep(2_000); // the watchers assigned and positioned at the end before the first probe

    AtomicInteger failures = new AtomicInteger();
    AtomicInteger nextBody = new AtomicInteger();
    AtomicInteger nextProbe = new AtomicInteger();
    int requestsPerSecond = Math.max(1, eventsPerSecond / EVENTS_PER_REQUEST);
    int backgroundTotal = requestsPerSecond * seconds;
    ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
    ticker.scheduleAtFixedRate(
        () -> {
          int i = nextBody.getAndIncrement();
          if (i < backgroundTotal) {
            byte[] body = background.trackingBatches.get(i % background.trackingBatches.size());
            load.postAsync("/v1/batch", body)
                .thenAccept(
                    r -> {
                      if (r == null || r.statusCode() / 100 != 2) {
                        failures.incrementAndGet();
                      }
                    });
          }
        },
        0,
        1_000_000L / requestsPerSecond,
        TimeUnit.MICROSECONDS);
    ticker.scheduleAtFixedRate(
        () -> {
          int n = nextProbe.getAndIncrement();
          if (n >= PROBES_PER_SECOND * seconds) {
            return;
          }
          String visitor = PROBE_PREFIX + n + "-" + System.nanoTime();
          load.postAsync("/v1/batch", probe(visitor))
              .thenAccept(
                  r -> {
                    if (r != null && r.statusCode() / 100 == 2) {
                      acked.put(visitor, System.nanoTime());
                      answeredAtMillis.put(visitor, System.currentTimeMillis());
                    } else {
                      failures.incrementAndGet();
                    }
                  });
        },
        0,
        1_000_000L / PROBES_PER_SECOND,
        TimeUnit.MICROSECONDS);
    Thread.sleep(seconds * 1_000L);
    ticker.shutdown();
    ticker.awaitTermination(30, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + drain.toNanos();
    while (System.nanoTime() < deadline
        && (!profileSeen.keySet().containsAll(acked.keySet())
            || !segmentSeen.keySet().containsAll(acked.keySet()))) {
      Thread.sleep(100);
    }
    running.set(false);
    for (Thread watcher : watchers) {
      watcher.join();
    }
    return new Result(
        latencies(acked, profileSeen),
        latencies(acked, segmentSeen),
        traceStages ? stages(acked, inputSeen, profileWritten, profileSeen) : Stages.NOT_TRACED,
        slowProbes(acked, answeredAtMillis, profileSeen),
        acked.size(),
        backgroundTotal,
        failures.get());
  }

  /**
   * Microseconds from the success answer to the first record seen; a probe never seen is left out
   * (reported by count).
   */
  private static long[] latencies(Map<String, Long> acked, Map<String, Long> seen) {
    List<Long> out = new ArrayList<>();
    acked.forEach(
        (visitor, at) -> {
          Long s = seen.get(visitor);
          if (s != null) {
            out.add(Math.max(0, (s - at) / 1_000));
          }
        });
    return out.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  /** When the probes whose profile took longer than {@link #SLOW_PROBE_MILLIS} were answered. */
  private static SlowProbes slowProbes(
      Map<String, Long> acked, Map<String, Long> answeredAtMillis, Map<String, Long> seen) {
    List<SlowProbes.Probe> probes = new ArrayList<>();
    acked.forEach(
        (visitor, at) -> {
          Long s = seen.get(visitor);
          Long wall = answeredAtMillis.get(visitor);
          if (s != null && wall != null) {
            probes.add(new SlowProbes.Probe(wall, (s - at) / 1_000_000));
          }
        });
    return SlowProbes.of(probes, SLOW_PROBE_MILLIS);
  }

  /** The three stages of every probe seen at each point; see {@link Stages}. */
  private static Stages stages(
      Map<String, Long> acked,
      Map<String, Long> inputSeen,
      Map<String, Long> written,
      Map<String, Long> committed) {
    List<long[]> probes = new ArrayList<>();
    acked.forEach(
        (visitor, at) -> {
          Long in = inputSeen.get(visitor);
          Long out = written.get(visitor);
          Long readable = committed.get(visitor);
          if (in != null && out != null && readable != null) {
            probes.add(
                new long[] {(in - at) / 1_000, (out - in) / 1_000, (readable - out) / 1_000});
          }
        });
    probes.sort(Comparator.comparingLong((long[] p) -> p[0] + p[1] + p[2]).reversed());
    int slowest = Math.max(1, probes.size() / 100);
    double[] slowestMean = new double[3];
    for (int stage = 0; stage < 3; stage++) {
      int s = stage;
      slowestMean[stage] =
          probes.stream().limit(slowest).mapToLong(p -> p[s]).average().orElse(Double.NaN);
    }
    return new Stages(
        sortedStage(probes, 0), sortedStage(probes, 1), sortedStage(probes, 2), slowestMean);
  }

  private static long[] sortedStage(List<long[]> probes, int stage) {
    return probes.stream().mapToLong(p -> p[stage]).sorted().toArray();
  }

  private static byte[] probe(String visitor) {
    String body =
        """
        {"batch":[{"type":"page","anonymousId":"%s","name":"Home","timestamp":"%s",
          "properties":{"url":"http://shop.example/","path":"/","title":"Home"}}]}"""
            .formatted(visitor, Instant.now());
    return body.getBytes(StandardCharsets.UTF_8);
  }

  /** Records when each probe visitor's key first appears on {@code topic}. */
  private Thread watch(
      String topic, String isolation, Map<String, Long> seen, AtomicBoolean running) {
    Thread t =
        new Thread(
            () -> {
              Map<String, Object> props = new HashMap<>();
              props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
              props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
              props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
              // fetch.max.wait.ms stays at its default: the broker answers a fetch as soon as a
              // record is readable, and the wait only bounds a fetch that finds nothing. At 5 ms
              // the watchers sent the broker hundreds of empty fetches a second, on the cores the
              // pipeline they measure runs on (docs/benchmarks.md).
              try (KafkaConsumer<String, byte[]> consumer =
                  new KafkaConsumer<>(
                      props, new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                while (running.get()) {
                  for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    if (r.key() != null && r.key().startsWith(PROBE_PREFIX)) {
                      seen.putIfAbsent(r.key(), now);
                    }
                  }
                }
              }
            },
            "watch-" + topic + "-" + isolation);
    t.start();
    return t;
  }

  static double percentile(long[] sortedMicros, double p) {
    if (sortedMicros.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sortedMicros.length - 1, Math.ceil(p * sortedMicros.length) - 1);
    return sortedMicros[Math.max(0, index)] / 1000.0;
  }
}
