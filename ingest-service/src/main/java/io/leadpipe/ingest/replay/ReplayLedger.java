package io.leadpipe.ingest.replay;

import io.leadpipe.schemas.deadletter.DeadLetterReplay;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.service.registry.RegistrySettings;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Which dead letters were replayed: leadpipe.dead-letter-replays, compacted, one entry per dead
 * letter keyed {@code <partition>/<offset>}. A replay reads it whole before it starts and skips
 * what it names, so replaying the same selection twice sends each event once. An entry is written
 * only after Kafka acknowledged the replayed record: if ingest stops in between, the next replay
 * sends it again with the same message id, and consumers that dedupe by message id (scoring-stream)
 * drop the copy.
 */
@Singleton
public class ReplayLedger {

  private static final Duration POLL = Duration.ofMillis(200);

  private final Map<String, Object> consumerConfig;
  private final Deserializer<DeadLetterReplay> decoder;
  private final KafkaProducer<String, SpecificRecord> producer;
  private final ReplaySettings settings;
  private final Clock clock;

  public ReplayLedger(
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers,
      RegistrySettings registry,
      KafkaProducer<String, SpecificRecord> producer,
      ReplaySettings settings,
      Clock clock) {
    this.consumerConfig =
        DeadLetterReader.readOnce(bootstrapServers, "leadpipe-ingest-replay-ledger");
    this.decoder = Topics.DEAD_LETTER_REPLAYS.valueSerde(registry.serdeConfig()).deserializer();
    this.producer = producer;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Every dead letter replayed so far, by id.
   *
   * @throws DeadLettersUnavailableException also when the ledger topic does not exist: a replay
   *     without it could not remember what it sent
   */
  public Map<DeadLetterId, DeadLetterReplay> load() {
    Instant deadline = clock.instant().plus(settings.readTimeout());
    Map<DeadLetterId, DeadLetterReplay> replayed = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.DEAD_LETTER_REPLAYS.name(), settings.readTimeout()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      if (partitions.isEmpty()) {
        throw new DeadLettersUnavailableException(
            "The topic "
                + Topics.DEAD_LETTER_REPLAYS.name()
                + " does not exist; create it as the catalogue defines it"
                + " (deploy/kafka/create-topics.sh)");
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, settings.readTimeout());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (!reached(consumer, end)) {
        if (!clock.instant().isBefore(deadline)) {
          throw new DeadLettersUnavailableException(
              "The replay ledger was not read to its end within " + settings.readTimeout());
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          DeadLetterId id = DeadLetterId.parse(r.key());
          if (id == null) {
            continue;
          }
          if (r.value() == null) {
            replayed.remove(id);
          } else {
            replayed.put(id, decoder.deserialize(r.topic(), r.headers(), r.value()));
          }
        }
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new DeadLettersUnavailableException(
          "Kafka did not answer in time: " + e.getClass().getSimpleName(), e);
    }
    return replayed;
  }

  /** The ledger entry for {@code d}, when it is for this very dead letter. */
  public static boolean names(DeadLetterReplay entry, StoredDeadLetter d) {
    return entry != null && entry.getDeadLetterFailedAt().equals(d.letter().getFailedAt());
  }

  /** Records that {@code d} was replayed to {@code topic}; waits for Kafka's acknowledgement. */
  public DeadLetterReplay record(StoredDeadLetter d, String topic, String messageId) {
    DeadLetterReplay entry =
        DeadLetterReplay.newBuilder()
            .setDeadLetterPartition(d.id().partition())
            .setDeadLetterOffset(d.id().offset())
            .setDeadLetterFailedAt(d.letter().getFailedAt())
            .setApplication(d.letter().getApplication())
            .setReason(d.letter().getReason())
            .setTopic(topic)
            .setMessageId(messageId)
            .setReplayedAt(clock.instant())
            .build();
    try {
      producer
          .send(new ProducerRecord<>(Topics.DEAD_LETTER_REPLAYS.name(), d.id().toString(), entry))
          .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeadLettersUnavailableException("Interrupted while recording a replay", e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw new DeadLettersUnavailableException(
          "The replay of " + d.id() + " was sent but could not be recorded in the ledger", e);
    }
    return entry;
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
