package io.leadpipe.service.catalog;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * Definitions kept on a compacted, one-partition topic (segment definitions, follow-up strategies):
 * read from the beginning by a consumer of its own, without a group, and held in memory (a few
 * hundred entries at most). Writes of this instance are applied as soon as Kafka acknowledges them,
 * so an operator reads their own write; entries only move forward by offset, so the reader never
 * undoes a newer write.
 *
 * @param <V> the definition's record type
 */
public class CompactedCatalog<V> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CompactedCatalog.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final int END_OFFSET_POLLS = 25;
  private static final Duration READER_STOP = Duration.ofSeconds(5);
  private static final Duration CONSUMER_CLOSE = Duration.ofSeconds(1);

  /**
   * What a catalogue holds and where.
   *
   * @param topic the compacted topic (its partition 0 is read)
   * @param kind what one entry is, in the domain's words, for the log ("segment definition")
   * @param type the record class; a valid record of another schema is skipped
   * @param id the entry's key, for ordering {@link #all()}
   * @param clientId the consumer's client id
   */
  public record Source<V>(
      String topic, String kind, Class<V> type, Function<V, String> id, String clientId) {
    public Source {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(clientId, "clientId");
    }
  }

  /** A definition (null once deleted) and the offset it was written at. */
  private record Entry<V>(V definition, long offset) {}

  private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
  private final CountDownLatch loaded = new CountDownLatch(1);
  private final String bootstrapServers;
  private final Source<V> source;
  private final TopicPartition partition;
  private final Deserializer<V> values;
  private KafkaConsumer<String, Object> consumer;
  private Thread reader;
  private volatile boolean running;

  public CompactedCatalog(String bootstrapServers, Source<V> source, Deserializer<V> values) {
    this.bootstrapServers = bootstrapServers;
    this.source = source;
    this.partition = new TopicPartition(source.topic(), 0);
    this.values = values;
  }

  /**
   * Starts reading; {@link #awaitLoaded} tells when everything written before the start has been
   * read.
   */
  public synchronized void start() {
    if (running) {
      return;
    }
    // Read as Object: a valid record of another schema decodes to that schema's class and is
    // skipped below.
    Deserializer<Object> anyValue = values::deserialize;
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG,
                source.clientId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            anyValue);
    running = true;
    reader = new Thread(this::read, source.clientId());
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = -1;
      while (running) {
        try {
          if (end < 0) {
            end =
                consumer
                    .endOffsets(List.of(partition), POLL.multipliedBy(END_OFFSET_POLLS))
                    .get(partition);
          }
          for (ConsumerRecord<String, Object> r : consumer.poll(POLL)) {
            if (r.value() == null || source.type().isInstance(r.value())) {
              apply(r.key(), source.type().cast(r.value()), r.offset());
            } else {
              LOG.warn(
                  "Skipping a record of schema {} at offset {} of {}: not a {}",
                  r.value().getClass().getName(),
                  r.offset(),
                  source.topic(),
                  source.kind());
            }
          }
          if (loaded.getCount() > 0 && consumer.position(partition) >= end) {
            LOG.info("Catalogue of {} loaded: {} entries", source.topic(), all().size());
            loaded.countDown();
          }
        } catch (RecordDeserializationException e) {
          // A record written around the admin API that the schema cannot read: skip it, as the
          // streams do.
          LOG.warn(
              "Skipping an undecodable {} at offset {}: {}",
              source.kind(),
              e.offset(),
              e.getMessage());
          consumer.seek(e.topicPartition(), e.offset() + 1);
        } catch (TimeoutException e) {
          // Kafka unreachable for now: the admin API answers 503 until the catalogue has loaded.
          LOG.warn("Catalogue of {} waiting for Kafka: {}", source.topic(), e.getMessage());
        }
      }
    } catch (WakeupException e) {
      // close() woke us up: stop reading.
    } catch (KafkaException e) {
      LOG.error("Catalogue reader of {} stopped", source.topic(), e);
    } finally {
      consumer.close(CONSUMER_CLOSE);
    }
  }

  /**
   * Applies a definition (null: deleted) written at {@code offset}, unless a newer one is known.
   */
  public void apply(String id, V definition, long offset) {
    entries.merge(
        id, new Entry<>(definition, offset), (old, now) -> now.offset() > old.offset() ? now : old);
  }

  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isLoaded() {
    return loaded.getCount() == 0;
  }

  public Optional<V> find(String id) {
    return Optional.ofNullable(entries.get(id)).map(Entry::definition);
  }

  /**
   * True when the topic still holds the deletion of this entry (compaction drops tombstones
   * eventually).
   */
  public boolean wasDeleted(String id) {
    Entry<V> e = entries.get(id);
    return e != null && e.definition() == null;
  }

  /** The current definitions, by id. */
  public List<V> all() {
    return entries.values().stream()
        .map(Entry::definition)
        .filter(Objects::nonNull)
        .sorted(Comparator.comparing(source.id()))
        .toList();
  }

  @Override
  public synchronized void close() throws InterruptedException {
    if (!running) {
      return;
    }
    running = false;
    consumer.wakeup();
    reader.join(READER_STOP.toMillis());
  }
}
