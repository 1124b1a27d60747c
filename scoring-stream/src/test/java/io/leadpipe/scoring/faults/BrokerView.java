package io.leadpipe.scoring.faults;

import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.schemas.identity.IdentityMerge;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the broker holds, read as a subscriber sees it (read_committed), and how far a consumer
 * group got.
 */
final class BrokerView {

  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaTestEnvironment env;

  BrokerView(KafkaTestEnvironment env) {
    this.env = env;
  }

  /** Publishes a segment definition, as the admin API would. */
  void define(SegmentDefinition segment) {
    try (KafkaProducer<String, SegmentDefinition> producer =
        env.producer(
            new StringSerializer(),
            Topics.SEGMENT_DEFINITIONS.valueSerde(env.registryConfig()).serializer())) {
      producer.send(
          new ProducerRecord<>(Topics.SEGMENT_DEFINITIONS.name(), segment.getSegmentId(), segment));
      producer.flush();
    }
  }

  /** Deletes a test's temporary state directory; one left behind is harmless. */
  static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Left behind: harmless.
    }
  }

  /**
   * The last profile and every segment change per visitor, and every identity merge decision, from
   * the start of the topics to their current end.
   */
  Outcome outcome() {
    Outcome outcome = new Outcome();
    readAll(Topics.PROSPECT_PROFILES, (k, v) -> outcome.profile(k, (ProspectProfile) v));
    readAll(Topics.SEGMENT_CHANGES, (k, v) -> outcome.change(k, (SegmentChange) v));
    readAll(Topics.IDENTITY_MERGES, (k, v) -> outcome.merge((IdentityMerge) v));
    return outcome;
  }

  /** The current segment definitions (last value per id; a tombstone removes it). */
  Collection<SegmentDefinition> segmentDefinitions() {
    Map<String, SegmentDefinition> current = new LinkedHashMap<>();
    readAll(
        Topics.SEGMENT_DEFINITIONS,
        (k, v) -> {
          if (v == null) {
            current.remove(k);
          } else {
            current.put(k, (SegmentDefinition) v);
          }
        });
    return current.values();
  }

  <V extends SpecificRecord> void readAll(Topic<V> topic, BiConsumer<String, V> sink) {
    try (KafkaConsumer<String, V> consumer =
        env.consumer(
            "faults-reader-" + UUID.randomUUID(),
            topic.keySerde().deserializer(),
            topic.valueSerde(env.registryConfig()).deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // read_committed: the end is the last stable offset, nothing of an open or aborted
      // transaction is seen.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer.poll(POLL).forEach(r -> sink.accept(r.key(), r.value()));
      }
    }
  }

  /** Records of {@code topic} the group has committed as processed, summed over the partitions. */
  long committed(String groupId, String topic) {
    return committedOffsets(groupId, topic).values().stream().mapToLong(Long::longValue).sum();
  }

  /** The end offsets of {@code topic}, summed over the partitions. */
  long end(String topic) {
    return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
  }

  /** True when the group has committed every partition of {@code topic} up to its end. */
  boolean caughtUp(String groupId, String topic) {
    Map<TopicPartition, Long> committed = committedOffsets(groupId, topic);
    return endOffsets(topic).entrySet().stream()
        .allMatch(
            e -> e.getValue() == 0 || committed.getOrDefault(e.getKey(), -1L) >= e.getValue());
  }

  /**
   * Every topic the application {@code applicationId} reads besides its inputs: its repartition
   * topics.
   */
  List<String> repartitionTopics(String applicationId) {
    try {
      return env.admin().listTopics().names().get().stream()
          .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-repartition"))
          .sorted()
          .toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * True when the group has processed every record of every partition of {@code topics}: its
   * committed offset is at the end, or nothing but transaction markers lies between (the
   * application's own repartition topics are written in transactions, and a task that went idle
   * after its last record has no reason to commit past the marker that followed it).
   */
  boolean caughtUp(String groupId, Collection<String> topics) {
    Map<TopicPartition, Long> behind = new LinkedHashMap<>();
    Map<TopicPartition, Long> ends = new LinkedHashMap<>();
    for (String topic : topics) {
      Map<TopicPartition, Long> committed = committedOffsets(groupId, topic);
      endOffsets(topic)
          .forEach(
              (p, end) -> {
                long done = committed.getOrDefault(p, -1L);
                if (end > 0 && done < end) {
                  behind.put(p, done);
                  ends.put(p, end);
                }
              });
    }
    if (behind.isEmpty()) {
      return true;
    }
    try (KafkaConsumer<byte[], byte[]> consumer =
        env.consumer(
            "faults-lag-" + UUID.randomUUID(),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.assign(behind.keySet());
      behind.forEach(
          (p, done) -> {
            if (done < 0) {
              consumer.seekToBeginning(List.of(p));
            } else {
              consumer.seek(p, done);
            }
          });
      // read_committed: an open transaction's records are not stable yet, and not processed.
      Map<TopicPartition, Long> stable = consumer.endOffsets(behind.keySet());
      if (ends.entrySet().stream().anyMatch(e -> stable.get(e.getKey()) < e.getValue())) {
        return false;
      }
      for (int polls = 0; polls < 25; polls++) {
        if (ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          return true;
        }
        if (!consumer.poll(POLL).isEmpty()) {
          return false;
        }
      }
      return false;
    }
  }

  /**
   * Waits until the group {@code applicationId} processed every record of {@code consumed}, every
   * instance is running ({@code running}) and {@code outputs} did not grow between two polls. The
   * instances' state counts: during a rebalance nothing is processed or published, so the group
   * looks caught up and its output quiet while a moved task is still restoring.
   */
  void awaitSettled(
      String applicationId,
      Collection<String> consumed,
      Collection<String> outputs,
      BooleanSupplier running,
      Duration atMost) {
    AtomicLong lastOutputEnd = new AtomicLong(-1);
    await("the group caught up with the input, every instance running, its output settled")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              long outputEnd = ends(outputs);
              return caughtUp(applicationId, consumed)
                  && running.getAsBoolean()
                  && lastOutputEnd.getAndSet(outputEnd) == outputEnd;
            });
  }

  /** The end offsets of {@code topics}, summed: moves while anything is still written to them. */
  long ends(Collection<String> topics) {
    return topics.stream().mapToLong(this::end).sum();
  }

  private Map<TopicPartition, Long> committedOffsets(String groupId, String topic) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          env.admin().listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private Map<TopicPartition, Long> endOffsets(String topic) {
    try {
      int partitions =
          env.admin()
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions()
              .size();
      Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
          env.admin().listOffsets(request).all().get();
      return result.entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
