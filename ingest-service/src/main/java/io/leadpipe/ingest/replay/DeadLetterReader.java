package io.leadpipe.ingest.replay;

import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.service.registry.RegistrySettings;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads leadpipe.dead-letters for one request: a short-lived consumer without a group (it commits
 * nothing and joins nothing), assigned each partition in turn, from the first offset the selection
 * can match (by time with offsetsForTimes, or the smallest named offset) up to the end offsets
 * taken when the request started, read_committed so an aborted transaction's dead letters never
 * show. Partition by partition, so dead letters come in {@link DeadLetterId} order and a listing
 * can page with a cursor.
 */
@Singleton
public class DeadLetterReader {

  private static final Duration POLL = Duration.ofMillis(200);

  private final Map<String, Object> consumerConfig;
  private final Deserializer<DeadLetter> decoder;
  private final ReplaySettings settings;
  private final Clock clock;

  public DeadLetterReader(
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers,
      RegistrySettings registry,
      ReplaySettings settings,
      Clock clock) {
    this.consumerConfig = readOnce(bootstrapServers, "leadpipe-ingest-dead-letters");
    this.decoder = Topics.DEAD_LETTERS.valueSerde(registry.serdeConfig()).deserializer();
    this.settings = settings;
    this.clock = clock;
  }

  /** Consumer settings of a one-off read: no group, no commits, committed records only. */
  static Map<String, Object> readOnce(String bootstrapServers, String clientId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return config;
  }

  /**
   * Hands every selected dead letter after {@code after} (null: from the first) to {@code each}, in
   * order.
   *
   * @return how many records in the range could not be decoded (skipped)
   * @throws DeadLettersUnavailableException when the end is not reached within the read timeout
   */
  public int read(
      DeadLetterSelection selection, DeadLetterId after, Consumer<StoredDeadLetter> each) {
    Instant deadline = clock.instant().plus(settings.readTimeout());
    int undecodable = 0;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(Topics.DEAD_LETTERS.name(), remaining(deadline))
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      partitions.sort(Comparator.comparingInt(TopicPartition::partition));
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
      Map<TopicPartition, Long> start = start(consumer, partitions, selection, deadline);
      for (TopicPartition tp : partitions) {
        long from = start.getOrDefault(tp, end.get(tp));
        if (after != null) {
          if (tp.partition() < after.partition()) {
            continue;
          }
          if (tp.partition() == after.partition()) {
            from = Math.max(from, after.offset() + 1);
          }
        }
        if (from >= end.get(tp)) {
          continue;
        }
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        while (consumer.position(tp, remaining(deadline)) < end.get(tp)) {
          if (!clock.instant().isBefore(deadline)) {
            throw new DeadLettersUnavailableException(
                "leadpipe.dead-letters was not read to its end within "
                    + settings.readTimeout()
                    + " (leadpipe.ingest.replay.read-timeout)");
          }
          for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
            if (r.offset() >= end.get(tp)) {
              break;
            }
            DeadLetter letter = decode(r);
            if (letter == null) {
              undecodable++;
              continue;
            }
            StoredDeadLetter d =
                new StoredDeadLetter(
                    new DeadLetterId(r.partition(), r.offset()),
                    r.key(),
                    Instant.ofEpochMilli(r.timestamp()),
                    letter);
            if (selection.matches(d)) {
              each.accept(d);
            }
          }
        }
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new DeadLettersUnavailableException(
          "Kafka did not answer in time: " + e.getClass().getSimpleName(), e);
    }
    return undecodable;
  }

  /** The first offset per partition the selection can match; absent = nothing to read there. */
  private Map<TopicPartition, Long> start(
      KafkaConsumer<?, ?> consumer,
      List<TopicPartition> partitions,
      DeadLetterSelection selection,
      Instant deadline) {
    Map<TopicPartition, Long> start = new HashMap<>();
    if (!selection.ids().isEmpty()) {
      Map<TopicPartition, Long> beginning =
          consumer.beginningOffsets(partitions, remaining(deadline));
      for (DeadLetterId id : selection.ids()) {
        TopicPartition tp = new TopicPartition(Topics.DEAD_LETTERS.name(), id.partition());
        if (beginning.containsKey(tp)) {
          start.merge(tp, Math.max(id.offset(), beginning.get(tp)), Math::min);
        }
      }
      return start;
    }
    if (selection.since() == null) {
      return consumer.beginningOffsets(partitions, remaining(deadline));
    }
    Map<TopicPartition, Long> times = new HashMap<>();
    partitions.forEach(tp -> times.put(tp, selection.since().toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> found =
        consumer.offsetsForTimes(times, remaining(deadline));
    found.forEach(
        (tp, offset) -> {
          if (offset != null) {
            start.put(tp, offset.offset());
          }
        });
    return start;
  }

  private Duration remaining(Instant deadline) {
    Duration left = Duration.between(clock.instant(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  private DeadLetter decode(ConsumerRecord<String, byte[]> r) {
    if (r.value() == null) {
      return null;
    }
    try {
      return decoder.deserialize(r.topic(), r.headers(), r.value());
    } catch (RuntimeException e) {
      return null;
    }
  }
}
