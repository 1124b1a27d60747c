package io.leadpipe.streams.runtime;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Streams application's Kafka metrics as Micrometer meters, named as Micrometer's own Kafka
 * binder names them ({@code stream-thread-metrics process-rate} → {@code
 * kafka.stream.thread.process.rate}, Prometheus {@code kafka_stream_thread_process_rate}), without
 * the metrics of each processor node and state store: one set per task and store, tens of thousands
 * of them with 24 partitions.
 *
 * <p>Micrometer's {@code KafkaStreamsMetrics} binds them all and, each minute the set of metrics
 * changed, compares every metric with every meter of the same name: with 24 partitions its thread
 * took about a third of a core of the scoring service for minutes after a start, more than the
 * stream thread (docs/benchmarks.md). Here a refresh is one pass over the metrics with a map lookup
 * each. Task metrics are kept only for groups other than Kafka's own (ours, such as the
 * re-evaluation's keys left per task).
 */
public final class StreamsMeters implements MeterBinder, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsMeters.class);

  /** How often new metrics (a task assigned, a topic first written) become meters. */
  static final Duration REFRESH_INTERVAL = Duration.ofSeconds(60);

  /**
   * Kafka Streams' groups of one set per task, processor node, store or cache; an application's own
   * groups (tagged by task or not) are kept.
   */
  private static final Set<String> PER_TASK_GROUPS =
      Set.of(
          "stream-task-metrics",
          "stream-processor-node-metrics",
          "stream-state-metrics",
          "stream-record-cache-metrics",
          "stream-topic-metrics");

  /** Kafka's client metadata: not numbers, or a count of the metrics themselves. */
  private static final Set<String> METADATA_GROUPS = Set.of("app-info", "kafka-metrics-count");

  private final Supplier<Map<MetricName, ? extends Metric>> metrics;
  private final Tags extraTags;
  private final Map<MetricName, Bound> bound = new HashMap<>();
  private MeterRegistry registry;
  private ScheduledExecutorService refresher;

  /**
   * A meter and the metric it reads, replaced when Kafka re-creates the metric under the same name
   * (a task that left and came back re-adds its sensors).
   */
  private record Bound(Meter meter, AtomicReference<Metric> metric) {}

  /**
   * @param metrics the application's metrics ({@code KafkaStreams::metrics})
   * @param extraTags added to every meter (the application's name)
   */
  public StreamsMeters(Supplier<Map<MetricName, ? extends Metric>> metrics, Tags extraTags) {
    this.metrics = metrics;
    this.extraTags = extraTags;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
    refresh();
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "streams-meters");
              t.setDaemon(true);
              return t;
            });
    refresher.scheduleWithFixedDelay(
        this::refreshLogged,
        REFRESH_INTERVAL.toMillis(),
        REFRESH_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void refreshLogged() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.warn("Could not refresh the Kafka Streams meters", e);
    }
  }

  /**
   * Binds the metrics that appeared since the last refresh, removes those that went, and points
   * each meter at its metric's current object.
   */
  synchronized void refresh() {
    Map<MetricName, ? extends Metric> current = metrics.get();
    for (Iterator<Map.Entry<MetricName, Bound>> it = bound.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<MetricName, Bound> meter = it.next();
      Metric now = current.get(meter.getKey());
      if (now == null) {
        registry.remove(meter.getValue().meter());
        it.remove();
      } else {
        meter.getValue().metric().set(now);
      }
    }
    current.forEach(
        (name, metric) -> {
          if (!bound.containsKey(name)
              && exported(name)
              && metric.metricValue() instanceof Number) {
            bound.put(name, register(name, metric));
          }
        });
  }

  /** Neither one of Kafka's per task, node, store or cache nor client metadata. */
  static boolean exported(MetricName name) {
    if (PER_TASK_GROUPS.contains(name.group()) || METADATA_GROUPS.contains(name.group())) {
      return false;
    }
    for (String tag : name.tags().keySet()) {
      if (tag.endsWith("-state-id") || tag.equals("processor-node-id")) {
        return false;
      }
    }
    return true;
  }

  private Bound register(MetricName name, Metric metric) {
    String meterName = meterName(name);
    Tags tags = extraTags;
    for (Map.Entry<String, String> tag : name.tags().entrySet()) {
      tags = tags.and(Tag.of(tag.getKey().replace('-', '.'), tag.getValue()));
    }
    AtomicReference<Metric> source = new AtomicReference<>(metric);
    Meter meter =
        isCumulative(metric, meterName)
            ? FunctionCounter.builder(meterName, source, StreamsMeters::value)
                .tags(tags)
                .description(name.description())
                .register(registry)
            : Gauge.builder(meterName, source, StreamsMeters::value)
                .tags(tags)
                .description(name.description())
                .register(registry);
    return new Bound(meter, source);
  }

  /** As Micrometer's Kafka binder: the group without "-metrics", then the name, dotted. */
  static String meterName(MetricName name) {
    return ("kafka." + name.group() + "." + name.name()).replace("-metrics", "").replace('-', '.');
  }

  private static boolean isCumulative(Metric metric, String meterName) {
    if (metric instanceof KafkaMetric kafka) {
      try {
        // CumulativeCount is a CumulativeSum.
        return kafka.measurable() instanceof CumulativeSum;
      } catch (IllegalStateException notMeasurable) {
        return meterName.endsWith("total");
      }
    }
    return meterName.endsWith("total");
  }

  private static double value(AtomicReference<Metric> source) {
    return source.get().metricValue() instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  @Override
  public synchronized void close() {
    if (refresher != null) {
      refresher.shutdownNow();
    }
    if (registry != null) {
      bound.values().forEach(b -> registry.remove(b.meter()));
    }
    bound.clear();
  }
}
