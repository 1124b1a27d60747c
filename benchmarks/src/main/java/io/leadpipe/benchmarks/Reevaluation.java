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
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long the scoring service takes to apply one segment definition change to a large state.
 * Synthetic visitors (one small page view each, written straight to {@code leadpipe.web-events}, so
 * ingest is not what limits the build) make N profiles; a benchmark segment whose first rule
 * matches none of them is then changed to one that matches all of them, so the change must make N
 * visitors ENTER. Finished when N ENTERED changes of the new version are readable (read committed)
 * on {@code leadpipe.segment-changes}, as subscribers see them.
 */
final class Reevaluation {

  private static final Logger LOG = LoggerFactory.getLogger(Reevaluation.class);

  static final String SEGMENT = "bench-reevaluation";
  private static final String VISITOR_PREFIX = "synthetic-";

  /** A real zone no demo shopper or probe reports: only synthetic profiles carry it. */
  private static final String MARKER_TIMEZONE = "Pacific/Kiritimati";

  private static final String MATCHES_ALL =
      "{\"attr\":\"traits.timezone\",\"op\":\"eq\",\"value\":\"" + MARKER_TIMEZONE + "\"}";

  /** Synthetic visitors send one page view each, so this version matches none of them. */
  private static final String MATCHES_NONE =
      "{\"all\":["
          + MATCHES_ALL
          + ",{\"attr\":\"activity.pageViews\",\"op\":\"gte\",\"value\":2}]}";

  private static final int BEFORE_VERSION = 1;
  private static final int AFTER_VERSION = 2;
  private static final Duration POLL = Duration.ofMillis(100);
  private static final int PRODUCER_LINGER_MS = 20;
  private static final int PROGRESS_EVERY = 100_000;

  /**
   * @param toFirst from the change being acknowledged to the first ENTERED change readable
   * @param toLast to the last expected one; null when not all arrived within the timeout
   * @param entered ENTERED changes of the new version seen
   */
  record Result(Duration toFirst, Duration toLast, int entered, int expected) {}

  private final String bootstrapServers;
  private final Map<String, ?> registryConfig;

  Reevaluation(String bootstrapServers, Map<String, ?> registryConfig) {
    this.bootstrapServers = bootstrapServers;
    this.registryConfig = registryConfig;
  }

  /**
   * The segment as it is before the change; defined before the service starts, so creating it costs
   * no pass over the profiles.
   */
  void defineInitialSegment() throws Exception {
    SyntheticVisitors.define(
        bootstrapServers, registryConfig, definition(BEFORE_VERSION, MATCHES_NONE));
  }

  /**
   * Writes one page view per new synthetic visitor and waits until the service's application
   * committed past all of them; the seconds from the first send.
   */
  double buildProfiles(int profiles, String applicationId, Duration timeout) throws Exception {
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
      for (int i = 0; i < profiles; i++) {
        String visitor = VISITOR_PREFIX + i;
        producer.send(
            new ProducerRecord<>(
                Topics.WEB_EVENTS.name(),
                visitor,
                SyntheticVisitors.pageView(visitor, MARKER_TIMEZONE, System.currentTimeMillis())),
            (m, e) -> {
              if (e != null) {
                failed.incrementAndGet();
              }
            });
      }
      producer.flush();
    }
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " synthetic events were not written");
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      ScoringThroughput.waitFor(
          () -> GroupLag.caughtUp(admin, applicationId),
          timeout,
          "scoring-stream processed " + profiles + " synthetic visitors");
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Publishes the changed definition and waits for {@code expected} ENTERED changes of its version.
   */
  Result changeAndWait(int expected, Duration timeout) throws Exception {
    Deserializer<SegmentChange> values =
        Topics.SEGMENT_CHANGES.valueSerde(registryConfig).deserializer();
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      String topic = Topics.SEGMENT_CHANGES.name();
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // positioned before the change is published

      SyntheticVisitors.define(
          bootstrapServers, registryConfig, definition(AFTER_VERSION, MATCHES_ALL));
      long start = System.nanoTime();
      long deadline = start + timeout.toNanos();
      Long first = null;
      int entered = 0;
      int nextProgress = PROGRESS_EVERY;
      while (entered < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          if (r.key() == null || !r.key().startsWith(VISITOR_PREFIX) || r.value() == null) {
            continue;
          }
          SegmentChange change = values.deserialize(topic, r.value());
          if (SEGMENT.equals(change.getSegmentId())
              && change.getChange() == SegmentChangeType.ENTERED
              && change.getDefinitionVersion() == AFTER_VERSION) {
            entered++;
            if (first == null) {
              first = System.nanoTime();
            }
          }
        }
        if (entered >= nextProgress) {
          LOG.info(
              "re-evaluation: {} of {} ENTERED after {} s",
              entered,
              expected,
              String.format("%.1f", (System.nanoTime() - start) / 1e9));
          nextProgress += PROGRESS_EVERY;
        }
      }
      long end = System.nanoTime();
      return new Result(
          first == null ? null : Duration.ofNanos(first - start),
          entered >= expected ? Duration.ofNanos(end - start) : null,
          entered,
          expected);
    }
  }

  private static SegmentDefinition definition(int version, String rule) {
    return SegmentDefinition.newBuilder()
        .setSegmentId(SEGMENT)
        .setName("Benchmark re-evaluation")
        .setCategory(SegmentCategory.BEHAVIOURAL)
        .setVersion(version)
        .setUpdatedAt(Instant.now())
        .setRule(rule)
        .build();
  }
}
