package io.leadpipe.dashboard.feed;

import io.leadpipe.dashboard.stats.DashboardStats;
import io.leadpipe.registry.client.SchemaRegistryException;
import io.leadpipe.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads segment changes, hesitations, follow-up decisions and web events (for survey answers) into
 * {@link DashboardStats}. It joins no consumer group: it assigns every partition itself and commits
 * nothing, so each instance of the service shows the whole picture. Segment changes are replayed
 * from the beginning before anything is counted (memberships must be known when a hesitation is
 * counted); the counted topics start {@code lookback} ago. A record whose schema the registry
 * cannot serve right now is read again after a pause, never skipped; a record that cannot be
 * decoded at all is counted as undecodable and skipped (its producer dead-letters its own bad
 * input).
 */
public final class DashboardFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);

  private final Consumer<String, byte[]> consumer;
  private final Map<String, Route<?>> routes;
  private final DashboardStats stats;
  private final Clock clock;
  private final Settings settings;
  private final Thread thread;
  private volatile boolean running = true;
  private boolean replayed;
  private long nextPartitionRefresh;

  /**
   * @param lookback counted topics start this far back
   * @param pollTimeout how long one poll waits for records
   * @param retryBackoff pause after the registry or Kafka could not answer
   * @param partitionRefresh how often topics are checked for new partitions (topics created after
   *     start)
   * @param requestTimeout bound on one metadata or offsets request
   * @param closeTimeout how long closing waits for the reading thread
   */
  public record Settings(
      Duration lookback,
      Duration pollTimeout,
      Duration retryBackoff,
      Duration partitionRefresh,
      Duration requestTimeout,
      Duration closeTimeout) {}

  public DashboardFeed(
      Consumer<String, byte[]> consumer,
      Map<String, ?> registryConfig,
      DashboardStats stats,
      Clock clock,
      Settings settings) {
    this.consumer = consumer;
    this.stats = stats;
    this.clock = clock;
    this.settings = settings;
    this.routes = routes(registryConfig, stats);
    this.thread = new Thread(this::run, "dashboard-feed");
  }

  private static Map<String, Route<?>> routes(Map<String, ?> registry, DashboardStats stats) {
    List<Route<?>> list =
        List.of(
            new Route<>(
                Topics.SEGMENT_CHANGES.name(),
                Topics.SEGMENT_CHANGES.valueSerde(registry).deserializer(),
                stats::onSegmentChange,
                true),
            new Route<>(
                Topics.HESITATIONS.name(),
                Topics.HESITATIONS.valueSerde(registry).deserializer(),
                stats::onHesitation,
                false),
            new Route<>(
                Topics.FOLLOWUP_DECISIONS.name(),
                Topics.FOLLOWUP_DECISIONS.valueSerde(registry).deserializer(),
                stats::onDecision,
                false),
            new Route<>(
                Topics.WEB_EVENTS.name(),
                Topics.WEB_EVENTS.valueSerde(registry).deserializer(),
                stats::onWebEvent,
                false));
    return list.stream().collect(Collectors.toUnmodifiableMap(Route::topic, r -> r));
  }

  public void start() {
    thread.start();
  }

  private void run() {
    try {
      while (running && !replayed) {
        attempt(this::replayMemberships);
      }
      while (running) {
        attempt(
            () -> {
              refreshPartitions(false);
              readOnce();
            });
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      LOG.error("dashboard feed stopped; the dashboard's Kafka-derived panels no longer update", e);
    } finally {
      consumer.close();
    }
  }

  /** Kafka not reachable (yet) is not the end of the feed: wait and try the step again. */
  private void attempt(Runnable step) {
    try {
      step.run();
    } catch (RetriableException e) {
      LOG.warn(
          "dashboard feed cannot reach Kafka, retrying in {}: {}",
          settings.retryBackoff(),
          e.getMessage());
      pause();
    }
  }

  /**
   * Segment changes up to their end offsets at start, before any hesitation or answer is counted.
   */
  private void replayMemberships() {
    refreshPartitions(true);
    Set<TopicPartition> partitions = consumer.assignment();
    if (!partitions.isEmpty()) {
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, settings.requestTimeout());
      while (running
          && ends.entrySet().stream()
              .anyMatch(
                  e -> consumer.position(e.getKey(), settings.requestTimeout()) < e.getValue())) {
        readOnce();
      }
      LOG.info(
          "dashboard feed replayed the segment memberships of {} partition(s)", partitions.size());
    }
    replayed = true;
  }

  /**
   * Assigns partitions not yet assigned: only segment changes while replaying, else every routed
   * topic.
   */
  private void refreshPartitions(boolean membershipsOnly) {
    long now = clock.millis();
    if (!membershipsOnly) {
      // Right after the replay this is due at once, so the counted topics are assigned without
      // delay.
      if (now < nextPartitionRefresh) {
        return;
      }
      nextPartitionRefresh = now + settings.partitionRefresh().toMillis();
    }
    Set<TopicPartition> assigned = new HashSet<>(consumer.assignment());
    List<TopicPartition> added = new ArrayList<>();
    for (Route<?> route : routes.values()) {
      if (membershipsOnly && !route.fromBeginning()) {
        continue;
      }
      // A missing topic gives no partitions; it is picked up on a later refresh once created.
      for (PartitionInfo info : consumer.partitionsFor(route.topic(), settings.requestTimeout())) {
        TopicPartition tp = new TopicPartition(info.topic(), info.partition());
        if (assigned.add(tp)) {
          added.add(tp);
        }
      }
    }
    if (added.isEmpty()) {
      return;
    }
    consumer.assign(assigned);
    seekStart(added);
  }

  private void seekStart(List<TopicPartition> added) {
    List<TopicPartition> fromBeginning =
        added.stream().filter(tp -> routes.get(tp.topic()).fromBeginning()).toList();
    consumer.seekToBeginning(fromBeginning);
    long since = clock.millis() - settings.lookback().toMillis();
    Map<TopicPartition, Long> times = new HashMap<>();
    added.stream().filter(tp -> !fromBeginning.contains(tp)).forEach(tp -> times.put(tp, since));
    if (times.isEmpty()) {
      return;
    }
    List<TopicPartition> nothingSince = new ArrayList<>();
    consumer
        .offsetsForTimes(times, settings.requestTimeout())
        .forEach(
            (tp, found) -> {
              if (found == null) {
                nothingSince.add(tp);
              } else {
                consumer.seek(tp, found.offset());
              }
            });
    consumer.seekToEnd(nothingSince);
  }

  private void readOnce() {
    ConsumerRecords<String, byte[]> records = consumer.poll(settings.pollTimeout());
    boolean registryDown = false;
    for (TopicPartition tp : records.partitions()) {
      for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
        if (!apply(record)) {
          // Read this record again after the pause; the rest of the partition waits behind it, in
          // order.
          consumer.seek(tp, record.offset());
          registryDown = true;
          break;
        }
      }
    }
    if (registryDown) {
      pause();
    }
  }

  /**
   * @return false when the record must be read again later (the registry could not serve its
   *     schema)
   */
  private boolean apply(ConsumerRecord<String, byte[]> record) {
    try {
      routes.get(record.topic()).handle(record.value());
      return true;
    } catch (SerializationException e) {
      if (registryUnavailable(e)) {
        LOG.warn(
            "schema registry unavailable while reading {}-{}@{}; retrying in {}",
            record.topic(),
            record.partition(),
            record.offset(),
            settings.retryBackoff());
        return false;
      }
      undecodable(record, e);
      return true;
    } catch (IllegalArgumentException e) {
      undecodable(record, e);
      return true;
    }
  }

  private void undecodable(ConsumerRecord<String, byte[]> record, RuntimeException e) {
    stats.onUndecodable();
    LOG.warn(
        "dashboard skipped undecodable record {}-{}@{}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        e.getMessage());
  }

  private static boolean registryUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryException r) {
        return r.status() == SchemaRegistryException.NO_HTTP_STATUS || r.status() >= 500;
      }
    }
    return false;
  }

  private void pause() {
    try {
      Thread.sleep(settings.retryBackoff().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(settings.closeTimeout().toMillis());
  }
}
