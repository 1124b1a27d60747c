package io.leadpipe.benchmarks;

import io.leadpipe.hesitation.DetectionRules;
import io.leadpipe.hesitation.HesitationConfig;
import io.leadpipe.hesitation.HesitationTopology;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How long after a visitor's idle window expired the hesitation is detected, with no further event:
 * visitors add one item to the cart at a fixed rate and go idle; the detection topology (default
 * rules and tick, the idle window shortened so the run is short) runs with exactly-once in this
 * JVM. Measured from the window's end to {@code detectedAt} (the timer firing) and to the record
 * being readable downstream (committed).
 */
final class HesitationLag {

  record Result(long[] toDetectedMs, long[] toReadableMs, int visitors, int early) {}

  private final String bootstrapServers;
  private final Map<String, ?> registryConfig;
  private final Path stateDir;

  HesitationLag(String bootstrapServers, Map<String, ?> registryConfig, Path stateDir) {
    this.bootstrapServers = bootstrapServers;
    this.registryConfig = registryConfig;
    this.stateDir = stateDir;
  }

  Result run(int visitors, int perSecond, Duration idle) throws InterruptedException {
    HesitationConfig config =
        HesitationConfig.defaults().withDetection(DetectionRules.defaults().withIdle(idle));
    String prefix = "idle-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-hesitations-" + System.nanoTime());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    // Only what this phase sends matters; the backlog of earlier phases is not replayed.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "latest");
    props.putAll(registryConfig);
    Map<String, Instant> windowEnds = new ConcurrentHashMap<>();
    Map<String, Instant[]> detected = new ConcurrentHashMap<>();
    try (KafkaStreams streams =
            new KafkaStreams(new HesitationTopology(config, registryConfig).build(), props);
        KafkaConsumer<String, Hesitation> reader = reader();
        KafkaProducer<String, WebEvent> producer =
            new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrapServers, "acks", "all", "linger.ms", 0),
                Topics.WEB_EVENTS.keySerde().serializer(),
                Topics.WEB_EVENTS.valueSerde(registryConfig).serializer())) {
      streams.start();
      ScoringThroughput.waitFor(
          () -> streams.state() == KafkaStreams.State.RUNNING, Duration.ofMinutes(2), "RUNNING");
      Thread.sleep(2_000); // partitions assigned and positioned before the first visitor arrives
      long interval = 1_000_000_000L / perSecond;
      long start = System.nanoTime();
      for (int i = 0; i < visitors; i++) {
        LockSupport.parkNanos(start + i * interval - System.nanoTime());
        String visitor = prefix + i;
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        windowEnds.put(visitor, at.plus(idle));
        producer.send(
            new ProducerRecord<>(Topics.WEB_EVENTS.name(), visitor, cartAdd(visitor, at)));
      }
      producer.flush();
      long deadline = System.nanoTime() + idle.plusSeconds(60).toNanos();
      while (detected.size() < visitors && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, Hesitation> r : reader.poll(Duration.ofMillis(50))) {
          Hesitation h = r.value();
          if (h != null
              && h.getStatus() == HesitationStatus.DETECTED
              && windowEnds.containsKey(h.getVisitorId())) {
            detected.putIfAbsent(
                h.getVisitorId(), new Instant[] {h.getDetectedAt(), Instant.now()});
          }
        }
      }
    }
    List<Long> toDetected = new ArrayList<>();
    List<Long> toReadable = new ArrayList<>();
    int early = 0;
    for (var e : detected.entrySet()) {
      Instant end = windowEnds.get(e.getKey());
      long d = Duration.between(end, e.getValue()[0]).toMillis();
      early += d < 0 ? 1 : 0;
      toDetected.add(d);
      toReadable.add(Duration.between(end, e.getValue()[1]).toMillis());
    }
    return new Result(sorted(toDetected), sorted(toReadable), visitors, early);
  }

  private static long[] sorted(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  private KafkaConsumer<String, Hesitation> reader() {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // fetch.max.wait.ms at its default, as EndToEndLatency's watchers: answered as soon as a
    // hesitation is readable.
    KafkaConsumer<String, Hesitation> consumer =
        new KafkaConsumer<>(
            props,
            Topics.HESITATIONS.keySerde().deserializer(),
            Topics.HESITATIONS.valueSerde(registryConfig).deserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.HESITATIONS.name()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  private static WebEvent cartAdd(String visitor, Instant at) {
    return WebEvent.newBuilder()
        .setMessageId(UUID.randomUUID().toString())
        .setAnonymousId(visitor)
        .setEventTime(at)
        .setReceivedAt(at)
        .setSource("benchmark")
        .setContext(EventContext.newBuilder().build())
        .setType(WebEventType.CART_ADD)
        .setName("Product Added")
        .setProduct(
            Product.newBuilder()
                .setProductId("tent-2p")
                .setName("Trail Tent 2P")
                .setCategory("tents")
                .setPrice(249.0)
                .setQuantity(1)
                .build())
        .build();
  }
}
