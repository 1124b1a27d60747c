package io.leadpipe.hesitation;

import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.stack.DevStack;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Benchmark harness (a main, not a test): visitors each add to the cart once, at a fixed rate, and
 * go idle; prints how long after each visitor's window ended the DETECTED hesitation had its {@code
 * detectedAt} (the punctuator) and was readable downstream ({@code read_committed}, i.e. after the
 * EOS commit), p50/p99/max. A warm-up round of the same shape runs first and is not counted.
 * Broker, registry, Streams app and reader share this machine.
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * mvn -B -q -o -pl hesitation-stream -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp hesitation-stream/target/test-classes:hesitation-stream/target/classes:$(cat hesitation-stream/target/test-classpath.txt) \
 *     io.leadpipe.hesitation.HesitationDetectionBenchmark [visitors perSecond idleSeconds tickMillis]
 * </pre>
 */
public final class HesitationDetectionBenchmark {

  private static final int WARM_UP_VISITORS = 300;
  private static final Duration AFTER_LAST_WINDOW = Duration.ofSeconds(120);

  private final KafkaProducer<String, WebEvent> producer;
  private final HesitationsReader reader;
  private final Duration idle;
  private final int perSecond;
  private final Map<String, Instant> windowEnds = new ConcurrentHashMap<>();

  private HesitationDetectionBenchmark(
      KafkaProducer<String, WebEvent> producer,
      HesitationsReader reader,
      Duration idle,
      int perSecond) {
    this.producer = producer;
    this.reader = reader;
    this.idle = idle;
    this.perSecond = perSecond;
  }

  public static void main(String[] args) throws Exception {
    int visitors = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int perSecond = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Duration idle = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 5);
    Duration tick = Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 250);
    String run = UUID.randomUUID().toString().substring(0, 8);
    Path dir = Files.createTempDirectory("hesitation-bench-");
    HesitationConfig config =
        HesitationConfig.defaults()
            .withDetection(DetectionRules.fastDemo().withIdle(idle))
            .withTick(tick);

    try (DevStack stack = DevStack.start(new DevStack.Settings(0, 0, 0, dir.resolve("kafka")))) {
      Map<String, Object> registry = Map.of("schema.registry.url", stack.schemaRegistryUrl());
      try (KafkaStreams streams =
              LocalStreams.start(
                  stack.bootstrapServers(),
                  registry,
                  config,
                  "hesitation-bench-" + run,
                  dir.resolve("state"));
          HesitationsReader reader =
              new HesitationsReader(stack.bootstrapServers(), registry, v -> v.startsWith(run));
          KafkaProducer<String, WebEvent> producer =
              new KafkaProducer<>(
                  Map.of(
                      "bootstrap.servers", stack.bootstrapServers(), "acks", "all", "linger.ms", 0),
                  Topics.WEB_EVENTS.keySerde().serializer(),
                  Topics.WEB_EVENTS.valueSerde(registry).serializer())) {
        HesitationDetectionBenchmark bench =
            new HesitationDetectionBenchmark(producer, reader, idle, perSecond);
        bench.round(run + "-warmup-", WARM_UP_VISITORS);
        List<HesitationsReader.Received> measured = bench.round(run + "-measured-", visitors);

        long[] detected = bench.lagsMs(measured, r -> r.hesitation().getDetectedAt());
        long[] readable = bench.lagsMs(measured, HesitationsReader.Received::receivedAt);
        System.out.printf(
            "visitors=%d at %d/s, idle=%ds, tick=%dms, commit=100ms, exactly_once_v2: %d detected%n",
            visitors, perSecond, idle.toSeconds(), tick.toMillis(), measured.size());
        System.out.printf(
            "window end -> detectedAt:          p50=%d ms p99=%d ms max=%d ms%n",
            percentile(detected, 50), percentile(detected, 99), detected[detected.length - 1]);
        System.out.printf(
            "window end -> readable downstream: p50=%d ms p99=%d ms max=%d ms%n",
            percentile(readable, 50), percentile(readable, 99), readable[readable.length - 1]);
        System.out.printf(
            "detected before the window ended: %d%n",
            Arrays.stream(detected).filter(d -> d < 0).count());
      }
    }
  }

  /**
   * Sends one cart add per visitor at the fixed rate and waits until every one of them was
   * detected.
   */
  private List<HesitationsReader.Received> round(String prefix, int visitors) {
    long intervalNanos = 1_000_000_000L / perSecond;
    long start = System.nanoTime();
    for (int i = 0; i < visitors; i++) {
      LockSupport.parkNanos(start + i * intervalNanos - System.nanoTime());
      String visitor = prefix + i;
      Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      windowEnds.put(visitor, at.plus(idle));
      producer.send(
          new ProducerRecord<>(
              Topics.WEB_EVENTS.name(), visitor, new Events(visitor).add(Events.SHOE, at)));
    }
    producer.flush();
    await()
        .atMost(idle.plus(AFTER_LAST_WINDOW))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> of(prefix).size() >= visitors);
    return of(prefix);
  }

  private List<HesitationsReader.Received> of(String prefix) {
    return reader.received().stream()
        .filter(r -> r.hesitation().getVisitorId().startsWith(prefix))
        .toList();
  }

  private long[] lagsMs(
      List<HesitationsReader.Received> received,
      java.util.function.Function<HesitationsReader.Received, Instant> when) {
    return received.stream()
        .mapToLong(
            r ->
                Duration.between(windowEnds.get(r.hesitation().getVisitorId()), when.apply(r))
                    .toMillis())
        .sorted()
        .toArray();
  }

  /** Nearest-rank percentile of sorted values. */
  private static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
