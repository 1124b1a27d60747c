package io.leadpipe.scoring.hesitation;

import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.stack.DevStack;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Benchmark harness (a main, not a test): N visitors each add to the cart once and go idle; prints how long after
 * each visitor's window ended its DETECTED hesitation was readable downstream (read_committed), p50/p99/max, next to
 * detectedAt − window end (the punctuator's share). Broker, registry, Streams app and reader share this machine.
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -B -q -o -pl scoring-stream -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp scoring-stream/target/test-classes:scoring-stream/target/classes:$(cat scoring-stream/target/test-classpath.txt) \
 *     io.leadpipe.scoring.hesitation.HesitationDetectionBenchmark [visitors idleSeconds tickMillis]
 * </pre>
 */
public final class HesitationDetectionBenchmark {

    private HesitationDetectionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int visitors = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Duration idle = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        Duration tick = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 250);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createTempDirectory("hesitation-bench-");
        HesitationConfig config = HesitationConfig.defaults()
                .withDetection(DetectionRules.fastDemo().withIdle(idle)).withTick(tick);

        try (DevStack stack = DevStack.start(new DevStack.Settings(0, 0, 0, dir.resolve("kafka")))) {
            Map<String, Object> registry = Map.of("schema.registry.url", stack.schemaRegistryUrl());
            try (KafkaStreams streams = LocalStreams.start(stack.bootstrapServers(), registry, config,
                    "hesitation-bench-" + run, dir.resolve("state"));
                 HesitationsReader reader = new HesitationsReader(stack.bootstrapServers(), registry,
                         v -> v.startsWith(run));
                 KafkaProducer<String, WebEvent> producer = new KafkaProducer<>(Map.of(
                         "bootstrap.servers", stack.bootstrapServers(), "acks", "all", "linger.ms", 5),
                         Topics.WEB_EVENTS.keySerde().serializer(), Topics.WEB_EVENTS.valueSerde(registry).serializer())) {
                Map<String, Instant> windowEnds = new HashMap<>();
                for (int i = 0; i < visitors; i++) {
                    String visitor = run + "-" + i;
                    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    windowEnds.put(visitor, at.plus(idle));
                    producer.send(new ProducerRecord<>(Topics.WEB_EVENTS.name(), visitor, new Events(visitor).add(Events.SHOE, at)));
                }
                producer.flush();
                Instant sent = Instant.now();
                await().atMost(idle.plus(Duration.ofSeconds(120))).pollInterval(Duration.ofMillis(20))
                        .until(() -> intents(streams) >= visitors);
                System.out.printf("all %d cart events applied %d ms after the last was sent%n", visitors,
                        Duration.between(sent, Instant.now()).toMillis());
                await().atMost(idle.plus(Duration.ofSeconds(120))).pollInterval(Duration.ofMillis(200))
                        .until(() -> reader.received().size() >= visitors);

                List<HesitationsReader.Received> received = reader.received();
                long[] readable = received.stream().mapToLong(r ->
                        Duration.between(windowEnds.get(r.hesitation().getVisitorId()), r.receivedAt()).toMillis()).sorted().toArray();
                long[] detected = received.stream().mapToLong(r ->
                        Duration.between(windowEnds.get(r.hesitation().getVisitorId()), r.hesitation().getDetectedAt()).toMillis()).sorted().toArray();
                System.out.printf("visitors=%d idle=%ds tick=%dms commit=100ms exactly_once_v2, %d hesitations read%n",
                        visitors, idle.toSeconds(), tick.toMillis(), received.size());
                System.out.printf("window end -> readable downstream: p50=%d ms p99=%d ms max=%d ms%n",
                        percentile(readable, 50), percentile(readable, 99), readable[readable.length - 1]);
                System.out.printf("window end -> detectedAt:          p50=%d ms p99=%d ms max=%d ms%n",
                        percentile(detected, 50), percentile(detected, 99), detected[detected.length - 1]);
                System.out.printf("detected before the window ended: %d%n", java.util.Arrays.stream(detected).filter(d -> d < 0).count());
            }
        }
    }

    private static long intents(KafkaStreams streams) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(HesitationTopology.INTENT_STORE,
                    QueryableStoreTypes.<String, Object>keyValueStore())).approximateNumEntries();
        } catch (RuntimeException notQueryableYet) {
            return 0;
        }
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
