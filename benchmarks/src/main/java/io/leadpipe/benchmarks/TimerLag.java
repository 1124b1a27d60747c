package io.leadpipe.benchmarks;

import io.leadpipe.schemas.segment.SegmentCategory;
import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.segment.SegmentChangeType;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * How late a membership that changes with the clock alone is published (issue: segments that change
 * when nothing happens). A benchmark segment holds marked visitors quiet for {@link #QUIET}; N
 * synthetic visitors each send one page view, paced at a rate, and then nothing. Each must ENTER
 * once its quiet time is over, by the scoring service's timers, with no event of theirs. The lag of
 * a visitor is from that moment (its page view's event time + QUIET) to its ENTERED change being
 * readable (read committed) on {@code leadpipe.segment-changes}, as subscribers see it.
 */
final class TimerLag {

  static final String SEGMENT = "bench-gone-quiet";
  private static final String VISITOR_PREFIX = "quiet-";

  /** A real zone no demo shopper, probe or other phase reports: only this phase's visitors. */
  private static final String MARKER_TIMEZONE = "Pacific/Chatham";

  /** Short, so the phase takes about a minute more than its sending; timers do not care. */
  static final Duration QUIET = Duration.ofSeconds(60);

  private static final double SECONDS_PER_DAY = 86_400.0;
  private static final Duration POLL = Duration.ofMillis(100);
  private static final int PRODUCER_LINGER_MS = 5;
  private static final int VERSION = 1;

  /**
   * @param lagMicros per visitor whose ENTERED was seen, ascending: readable − (last seen + QUIET)
   * @param visitors visitors sent
   */
  record Result(long[] lagMicros, int visitors) {}

  private final String bootstrapServers;
  private final Map<String, ?> registryConfig;

  TimerLag(String bootstrapServers, Map<String, ?> registryConfig) {
    this.bootstrapServers = bootstrapServers;
    this.registryConfig = registryConfig;
  }

  /** Defined before the service starts, so defining it costs no re-evaluation pass. */
  void defineSegment() throws Exception {
    String rule =
        "{\"all\":[{\"attr\":\"traits.timezone\",\"op\":\"eq\",\"value\":\""
            + MARKER_TIMEZONE
            + "\"},{\"attr\":\"activity.daysSinceLastSeen\",\"op\":\"gte\",\"value\":"
            + QUIET.toSeconds() / SECONDS_PER_DAY
            + "}]}";
    SegmentDefinition definition =
        SegmentDefinition.newBuilder()
            .setSegmentId(SEGMENT)
            .setName("Benchmark gone quiet")
            .setCategory(SegmentCategory.BEHAVIOURAL)
            .setVersion(VERSION)
            .setUpdatedAt(Instant.now())
            .setRule(rule)
            .build();
    SyntheticVisitors.define(bootstrapServers, registryConfig, definition);
  }

  /**
   * Sends one page view for each of {@code visitors} new visitors at {@code rate} per second and
   * waits until each has ENTERED, or until {@code patience} after the last one's quiet time ended.
   */
  Result run(int visitors, double rate, Duration patience) throws Exception {
    Deserializer<SegmentChange> values =
        Topics.SEGMENT_CHANGES.valueSerde(registryConfig).deserializer();
    Map<String, Long> quietSince = new ConcurrentHashMap<>();
    Map<String, Long> lags = new HashMap<>();
    String run = Long.toString(System.currentTimeMillis(), Character.MAX_RADIX);
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      String topic = Topics.SEGMENT_CHANGES.name();
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // positioned before the first visitor is sent

      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(() -> send(visitors, rate, run, quietSince));
      long sendingEnds =
          System.currentTimeMillis() + (long) (visitors / rate * TimeUnit.SECONDS.toMillis(1));
      long deadline = sendingEnds + QUIET.toMillis() + patience.toMillis();
      while (lags.size() < visitors && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          if (r.key() == null || !r.key().startsWith(VISITOR_PREFIX + run) || r.value() == null) {
            continue;
          }
          SegmentChange change = values.deserialize(topic, r.value());
          Long since = quietSince.get(r.key());
          if (SEGMENT.equals(change.getSegmentId())
              && change.getChange() == SegmentChangeType.ENTERED
              && since != null) {
            lags.putIfAbsent(r.key(), System.currentTimeMillis() - (since + QUIET.toMillis()));
          }
        }
      }
      sending.get();
    }
    return new Result(
        lags.values().stream()
            .mapToLong(millis -> TimeUnit.MILLISECONDS.toMicros(millis))
            .sorted()
            .toArray(),
        visitors);
  }

  private void send(int visitors, double rate, String run, Map<String, Long> quietSince) {
    Map<String, Object> props = SyntheticVisitors.producerProps(bootstrapServers);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, PRODUCER_LINGER_MS);
    AtomicInteger failed = new AtomicInteger();
    long start = System.nanoTime();
    try (KafkaProducer<String, WebEvent> producer =
        new KafkaProducer<>(
            props,
            Topics.WEB_EVENTS.keySerde().serializer(),
            Topics.WEB_EVENTS.valueSerde(registryConfig).serializer())) {
      for (int i = 0; i < visitors; i++) {
        long dueNanos = start + (long) (i / rate * TimeUnit.SECONDS.toNanos(1));
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        String visitor = VISITOR_PREFIX + run + "-" + i;
        long now = System.currentTimeMillis();
        quietSince.put(visitor, now);
        producer.send(
            new ProducerRecord<>(
                Topics.WEB_EVENTS.name(),
                visitor,
                SyntheticVisitors.pageView(visitor, MARKER_TIMEZONE, now)),
            (m, e) -> {
              if (e != null) {
                failed.incrementAndGet();
              }
            });
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending", e);
    }
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " quiet visitors' events were not written");
    }
  }

  private KafkaConsumer<String, byte[]> consumer() {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
