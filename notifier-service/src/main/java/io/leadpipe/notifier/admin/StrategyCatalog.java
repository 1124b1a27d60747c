package io.leadpipe.notifier.admin;

import io.leadpipe.schemas.followup.FollowupStrategy;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.service.registry.RegistrySettings;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follow-up strategies as they are on {@code leadpipe.followup-strategies} (compacted, one
 * partition): read from the beginning by a consumer of its own, without a group, and kept in memory
 * (a few dozen strategies). Writes of this instance are applied as soon as Kafka acknowledges them,
 * so an operator reads their own write; entries only move forward by offset, so the reader never
 * undoes a newer write.
 */
@Singleton
public class StrategyCatalog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StrategyCatalog.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final TopicPartition PARTITION =
      new TopicPartition(Topics.FOLLOWUP_STRATEGIES.name(), 0);

  /** A definition (null once deleted) and the offset it was written at. */
  private record Entry(FollowupStrategy definition, long offset) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final CountDownLatch loaded = new CountDownLatch(1);
  private final String bootstrapServers;
  private final RegistrySettings registry;
  private KafkaConsumer<String, Object> consumer;
  private Thread reader;
  private volatile boolean running;

  public StrategyCatalog(
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers,
      RegistrySettings registry) {
    this.bootstrapServers = bootstrapServers;
    this.registry = registry;
  }

  /**
   * Starts reading; {@link #awaitLoaded} tells when everything written before the start has been
   * read.
   */
  public synchronized void start() {
    if (running) {
      return;
    }
    Deserializer<FollowupStrategy> definitions =
        Topics.FOLLOWUP_STRATEGIES.valueSerde(registry.serdeConfig()).deserializer();
    // Read as Object: a valid record of another schema decodes to that schema's class and is
    // skipped below.
    Deserializer<Object> values = definitions::deserialize;
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG,
                "leadpipe-notifier-strategy-catalog",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            values);
    running = true;
    reader = new Thread(this::read, "strategy-catalog");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try {
      consumer.assign(List.of(PARTITION));
      consumer.seekToBeginning(List.of(PARTITION));
      long end = -1;
      while (running) {
        try {
          if (end < 0) {
            end = consumer.endOffsets(List.of(PARTITION), POLL.multipliedBy(25)).get(PARTITION);
          }
          for (ConsumerRecord<String, Object> r : consumer.poll(POLL)) {
            if (r.value() == null || r.value() instanceof FollowupStrategy) {
              apply(r.key(), (FollowupStrategy) r.value(), r.offset());
            } else {
              LOG.warn(
                  "Skipping a record of schema {} at offset {}: not a follow-up strategy",
                  r.value().getClass().getName(),
                  r.offset());
            }
          }
          if (loaded.getCount() > 0 && consumer.position(PARTITION) >= end) {
            LOG.info("Strategy catalogue loaded: {} strategies", all().size());
            loaded.countDown();
          }
        } catch (RecordDeserializationException e) {
          // A record written around the admin API that is not a FollowupStrategy: skip it, as the
          // stream does.
          LOG.warn(
              "Skipping undecodable follow-up strategy at offset {}: {}",
              e.offset(),
              e.getMessage());
          consumer.seek(e.topicPartition(), e.offset() + 1);
        } catch (TimeoutException e) {
          // Kafka unreachable for now: the admin API answers 503 until the catalogue has loaded.
          LOG.warn("Strategy catalogue waiting for Kafka: {}", e.getMessage());
        }
      }
    } catch (WakeupException e) {
      // close() woke us up: stop reading.
    } catch (KafkaException e) {
      LOG.error("Strategy catalogue reader stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(1));
    }
  }

  /**
   * Applies a definition (null: deleted) written at {@code offset}, unless a newer one is known.
   */
  public void apply(String strategyId, FollowupStrategy definition, long offset) {
    entries.merge(
        strategyId,
        new Entry(definition, offset),
        (old, now) -> now.offset() > old.offset() ? now : old);
  }

  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isLoaded() {
    return loaded.getCount() == 0;
  }

  public Optional<FollowupStrategy> find(String strategyId) {
    return Optional.ofNullable(entries.get(strategyId)).map(Entry::definition);
  }

  /**
   * True when the topic still holds the deletion of this strategy (compaction drops tombstones
   * eventually).
   */
  public boolean wasDeleted(String strategyId) {
    Entry e = entries.get(strategyId);
    return e != null && e.definition() == null;
  }

  /** The current definitions, by id. */
  public List<FollowupStrategy> all() {
    return entries.values().stream()
        .map(Entry::definition)
        .filter(d -> d != null)
        .sorted(Comparator.comparing(FollowupStrategy::getStrategyId))
        .toList();
  }

  @PreDestroy
  @Override
  public synchronized void close() throws InterruptedException {
    if (!running) {
      return;
    }
    running = false;
    consumer.wakeup();
    reader.join(Duration.ofSeconds(5).toMillis());
  }
}
