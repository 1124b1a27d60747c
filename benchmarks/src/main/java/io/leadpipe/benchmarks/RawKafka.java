package io.leadpipe.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The physical limit every figure is divided by: how fast a plain producer (acks=all, idempotent,
 * the same settings the services use) and a plain consumer move the same event records on the same
 * broker in the same run. Records are moved as bytes, so the limit excludes Avro encoding: a strict
 * baseline.
 */
final class RawKafka {

  private static final Duration LEADERS_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration LEADERS_POLL = Duration.ofMillis(100);

  /** A record as it sits in Kafka: enough to send it again unchanged. */
  record Stored(byte[] key, byte[] value) {}

  private final String bootstrapServers;

  RawKafka(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /** Visitors in a set of visitor-keyed records. */
  static long distinctKeys(List<Stored> records) {
    return records.stream()
        .map(r -> java.nio.ByteBuffer.wrap(r.key() == null ? new byte[0] : r.key()))
        .distinct()
        .count();
  }

  /** Everything currently in {@code topics}, read from the beginning. */
  List<Stored> readAll(Collection<String> topics) {
    List<Stored> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer
            .partitionsFor(topic)
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (!caughtUp(consumer, end)) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          records.add(new Stored(r.key(), r.value()));
        }
      }
    }
    return records;
  }

  /**
   * The logical size of a Streams application's state: for every changelog topic, the key and value
   * bytes of the latest record per key (what the stores hold and a restore rebuilds), tombstones
   * removed.
   */
  Map<String, Long> changelogBytes(String applicationId) throws Exception {
    List<String> changelogs;
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of("bootstrap.servers", bootstrapServers))) {
      changelogs =
          admin.listTopics().names().get().stream()
              .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-changelog"))
              .sorted()
              .toList();
    }
    Map<String, Long> bytes = new java.util.TreeMap<>();
    for (String topic : changelogs) {
      Map<java.nio.ByteBuffer, Integer> latest = new HashMap<>();
      List<Stored> log = readAll(List.of(topic));
      for (Stored r : log) {
        java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(r.key());
        if (r.value() == null) {
          latest.remove(key);
        } else {
          latest.put(key, r.key().length + r.value().length);
        }
      }
      bytes.put(
          topic.substring(applicationId.length() + 1, topic.length() - "-changelog".length()),
          latest.values().stream().mapToLong(Integer::longValue).sum());
    }
    return bytes;
  }

  /**
   * Live keys of a changelog (latest record per key not a tombstone) and their key + value bytes.
   */
  record ChangelogSize(long keys, long bytes) {}

  /** The live size of {@code store}'s changelog of application {@code applicationId}. */
  ChangelogSize changelogSize(String applicationId, String store) {
    Map<java.nio.ByteBuffer, Integer> latest = new HashMap<>();
    for (Stored r : readAll(List.of(applicationId + "-" + store + "-changelog"))) {
      java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(r.key());
      if (r.value() == null) {
        latest.remove(key);
      } else {
        latest.put(key, r.key().length + r.value().length);
      }
    }
    return new ChangelogSize(
        latest.size(), latest.values().stream().mapToLong(Integer::longValue).sum());
  }

  /** The end offset of every partition of {@code topics}. */
  Map<TopicPartition, Long> endOffsets(Collection<String> topics) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      return consumer.endOffsets(partitions(consumer, topics));
    }
  }

  /**
   * Records (not offsets: transaction markers occupy offsets too) a read-committed consumer reads
   * from {@code from} up to {@code to}, per topic; a partition missing from {@code from} is read
   * from its beginning.
   */
  Map<String, Long> countRecords(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
    Map<String, Long> counts = countRecords(from, to, ConsumerRecord::topic);
    to.keySet().forEach(tp -> counts.putIfAbsent(tp.topic(), 0L));
    return counts;
  }

  /** The records between the offsets, counted by the label {@code kind} gives each. */
  Map<String, Long> countRecords(
      Map<TopicPartition, Long> from,
      Map<TopicPartition, Long> to,
      Function<ConsumerRecord<byte[], byte[]>, String> kind) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      consumer.assign(to.keySet());
      for (TopicPartition tp : to.keySet()) {
        Long start = from.get(tp);
        if (start == null) {
          consumer.seekToBeginning(List.of(tp));
        } else {
          consumer.seek(tp, start);
        }
      }
      while (!caughtUp(consumer, to)) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() < to.get(new TopicPartition(r.topic(), r.partition()))) {
            counts.merge(kind.apply(r), 1L, Long::sum);
          }
        }
      }
    }
    return counts;
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<?, ?> consumer, Collection<String> topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    return partitions;
  }

  /**
   * Waits until every partition of a just-created topic has a leader that answers for it. Sending
   * before that had the first batch of a partition refused (NOT_LEADER_OR_FOLLOWER) while the later
   * ones, already in flight, were taken as the start of a new idempotent producer; the first batch
   * was then retried as out of order until its delivery timeout, and the phase failed. The metadata
   * names a leader before that broker serves the partition (seen with 24 partitions), so each
   * partition's latest offset is asked of its leader too: the admin client retries that until the
   * leader answers.
   */
  static void awaitLeaders(Admin admin, String topic)
      throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + LEADERS_TIMEOUT.toNanos();
    List<TopicPartitionInfo> partitions;
    while (!(partitions =
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions())
        .stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(topic + " has partitions without a leader");
      }
      Thread.sleep(LEADERS_POLL.toMillis());
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(
        p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    admin
        .listOffsets(latest, new ListOffsetsOptions().timeoutMs((int) LEADERS_TIMEOUT.toMillis()))
        .all()
        .get();
  }

  /**
   * Sends every record to {@code topic} as fast as the producer takes them; events/s once all are
   * acknowledged.
   */
  double produceRate(String topic, List<Stored> records) throws InterruptedException {
    CountDownLatch acked = new CountDownLatch(records.size());
    AtomicInteger failed = new AtomicInteger();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      // The topic's metadata before the clock starts: the rate is of sending, not of the lookup.
      producer.partitionsFor(topic);
      long start = System.nanoTime();
      for (Stored r : records) {
        producer.send(
            new ProducerRecord<>(topic, r.key(), r.value()),
            (m, e) -> {
              if (e != null) {
                failed.incrementAndGet();
              }
              acked.countDown();
            });
      }
      acked.await();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (failed.get() > 0) {
        throw new IllegalStateException(failed.get() + " raw sends failed");
      }
      return records.size() / seconds;
    }
  }

  /** Reads {@code topic} from the beginning to its end; events/s. */
  double consumeRate(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long count = 0;
      long start = System.nanoTime();
      while (!caughtUp(consumer, end)) {
        count += consumer.poll(Duration.ofMillis(200)).count();
      }
      return count / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        System.getProperty("bench.isolation", "read_committed"));
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
