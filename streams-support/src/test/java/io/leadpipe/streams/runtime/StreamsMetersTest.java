package io.leadpipe.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Value;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamsMetersTest {

  private final Metrics kafka = new Metrics(new MetricConfig());
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StreamsMeters meters =
      new StreamsMeters(this::applicationMetrics, Tags.of("application", "scoring"));

  @AfterEach
  void close() {
    meters.close();
    kafka.close();
  }

  /** What KafkaStreams.metrics() holds: the registry's metrics but the reporter's own count. */
  private Map<MetricName, KafkaMetric> applicationMetrics() {
    Map<MetricName, KafkaMetric> all = new LinkedHashMap<>(kafka.metrics());
    all.keySet().removeIf(name -> name.group().equals("kafka-metrics-count"));
    return all;
  }

  private Sensor metric(String group, String name, Map<String, String> tags, boolean total) {
    Sensor sensor = kafka.sensor(group + name + tags);
    sensor.add(kafka.metricName(name, group, "", tags), total ? new CumulativeSum() : new Value());
    return sensor;
  }

  @Test
  void threadClientAndOwnMetricsBecomeMetersNamedAsMicrometersKafkaBinderNamesThem() {
    metric("stream-thread-metrics", "process-rate", Map.of("thread-id", "t1"), false).record(42);
    metric(
            "consumer-fetch-manager-metrics",
            "records-lag",
            Map.of("topic", "in", "partition", "3"),
            false)
        .record(7);
    metric(
            "stream-leadpipe-scoring-metrics",
            "robot-events-ignored-total",
            Map.of("thread-id", "t1"),
            true)
        .record(2);
    metric("stream-segments-metrics", "reevaluation-remaining", Map.of("task-id", "1_0"), false)
        .record(500);

    meters.bindTo(registry);

    Gauge rate = registry.get("kafka.stream.thread.process.rate").gauge();
    assertThat(rate.value()).isEqualTo(42.0);
    assertThat(rate.getId().getTag("thread.id")).isEqualTo("t1");
    assertThat(rate.getId().getTag("application")).isEqualTo("scoring");
    assertThat(
            registry
                .get("kafka.consumer.fetch.manager.records.lag")
                .tag("topic", "in")
                .tag("partition", "3")
                .gauge()
                .value())
        .isEqualTo(7.0);
    FunctionCounter robots =
        registry.get("kafka.stream.leadpipe.scoring.robot.events.ignored.total").functionCounter();
    assertThat(robots.count()).isEqualTo(2.0);
    assertThat(
            registry
                .get("kafka.stream.segments.reevaluation.remaining")
                .tag("task.id", "1_0")
                .gauge()
                .value())
        .isEqualTo(500.0);
  }

  @Test
  void kafkasMetricsPerTaskNodeAndStoreAreLeftOut() {
    metric(
        "stream-task-metrics", "process-rate", Map.of("thread-id", "t1", "task-id", "1_0"), false);
    metric(
        "stream-processor-node-metrics",
        "record-e2e-latency-max",
        Map.of("task-id", "1_0", "processor-node-id", "source"),
        false);
    metric(
        "stream-state-metrics",
        "num-entries-active-mem-table",
        Map.of("task-id", "1_0", "rocksdb-state-id", "profile-state-store"),
        false);
    metric("stream-thread-metrics", "commit-rate", Map.of("thread-id", "t1"), false);

    meters.bindTo(registry);

    assertThat(registry.getMeters())
        .extracting(m -> m.getId().getName())
        .containsExactly("kafka.stream.thread.commit.rate");
  }

  @Test
  void aRefreshBindsNewMetricsAndRemovesGoneOnes() {
    Sensor first = metric("stream-thread-metrics", "poll-rate", Map.of("thread-id", "t1"), false);
    meters.bindTo(registry);
    kafka.removeSensor(first.name());
    kafka.removeMetric(
        kafka.metricName("poll-rate", "stream-thread-metrics", "", Map.of("thread-id", "t1")));
    metric("stream-thread-metrics", "poll-rate", Map.of("thread-id", "t2"), false);

    meters.refresh();

    List<Meter> bound = registry.getMeters();
    assertThat(bound).extracting(m -> m.getId().getTag("thread.id")).containsExactly("t2");
  }

  @Test
  void aMetricReCreatedUnderTheSameNameIsReadFromTheNewOneAfterARefresh() {
    Map<String, String> task = Map.of("task-id", "1_0");
    Sensor before = metric("stream-segments-metrics", "reevaluation-remaining", task, false);
    before.record(500);
    meters.bindTo(registry);
    // The task left and came back: its sensor is removed and added again.
    kafka.removeSensor(before.name());
    kafka.removeMetric(
        kafka.metricName("reevaluation-remaining", "stream-segments-metrics", "", task));
    metric("stream-segments-metrics", "reevaluation-remaining", task, false).record(120);

    meters.refresh();

    assertThat(registry.get("kafka.stream.segments.reevaluation.remaining").gauge().value())
        .isEqualTo(120.0);
  }

  @Test
  void closingRemovesTheMeters() {
    metric("stream-thread-metrics", "poll-rate", Map.of("thread-id", "t1"), false);
    meters.bindTo(registry);

    meters.close();

    assertThat(registry.getMeters()).isEmpty();
  }
}
