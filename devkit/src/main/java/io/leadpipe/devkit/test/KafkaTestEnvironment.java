package io.leadpipe.devkit.test;

import io.leadpipe.devkit.kafka.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.awaitility.Awaitility;

/**
 * The Kafka broker and schema registry shared by every test of one JVM, whatever the backend.
 * Obtain it as a test parameter under {@link LeadpipeKafkaExtension} or via {@link
 * LeadpipeKafkaExtension#environment()}.
 */
public abstract class KafkaTestEnvironment implements AutoCloseable {

  /** Registry config key the serdes read (Confluent's name). */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** How long one consumer poll blocks inside the await loop. */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private static final long ADMIN_TIMEOUT_MS = 30_000;

  private final AtomicInteger topicCounter = new AtomicInteger();
  private Admin admin;

  public abstract String bootstrapServers();

  public abstract String schemaRegistryUrl();

  /** Stops the broker (clean shutdown); data is kept. Unsupported under Testcontainers. */
  public abstract void stopBroker();

  /** Starts a stopped broker on the same address and data. Unsupported under Testcontainers. */
  public abstract void startBroker();

  /** Stop + start; clients keep their bootstrap address. Unsupported under Testcontainers. */
  public void restartBroker() {
    stopBroker();
    startBroker();
  }

  /** Restarts the schema registry on the same URL; it reloads its state from Kafka. */
  public abstract void restartSchemaRegistry();

  /**
   * Stops the schema registry: its URL refuses connections until {@link #startSchemaRegistry()}, so
   * tests can hold an outage as long as they need. Unsupported under Testcontainers.
   */
  public abstract void stopSchemaRegistry();

  /**
   * Starts a stopped schema registry on the same URL; it reloads its state from Kafka. Unsupported
   * under Testcontainers.
   */
  public abstract void startSchemaRegistry();

  /** Backend name: {@code embedded}, {@code testcontainers} or {@code cluster}. */
  public abstract String backend();

  /**
   * Replicas the topics of this environment have; Streams applications give their internal topics
   * (changelogs, repartitions) as many, so no node holds the only copy of a store.
   */
  public short replicationFactor() {
    return 1;
  }

  /** Config for the registry-aware serdes: {@code schema.registry.url}. */
  public Map<String, Object> registryConfig() {
    return Map.of(SCHEMA_REGISTRY_URL, schemaRegistryUrl());
  }

  /** A shared Admin client; do not close it. */
  public synchronized Admin admin() {
    if (admin == null) {
      admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
    }
    return admin;
  }

  /** A topic name unique in this JVM run, e.g. {@code test-orders-3-1a2b3c4d}. */
  public String uniqueTopicName(String prefix) {
    return prefix
        + "-"
        + topicCounter.incrementAndGet()
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates a new topic with a unique name (replication factor 1) and returns the name. */
  public String createUniqueTopic(String prefix, int partitions) {
    String name = uniqueTopicName(prefix);
    try {
      admin()
          .createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty())))
          .all()
          .get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("Could not create topic " + name, e);
    }
    return name;
  }

  /** Producer properties for this broker (acks=all, idempotent). */
  public Map<String, Object> producerProps() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return p;
  }

  /** Consumer properties: a fresh group reading from the beginning. */
  public Map<String, Object> consumerProps(String groupId) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return p;
  }

  public <K, V> KafkaProducer<K, V> producer(Serializer<K> keys, Serializer<V> values) {
    return new KafkaProducer<>(producerProps(), keys, values);
  }

  public <K, V> KafkaConsumer<K, V> consumer(
      String groupId, Deserializer<K> keys, Deserializer<V> values) {
    return new KafkaConsumer<>(consumerProps(groupId), keys, values);
  }

  /**
   * Reads the topic from the beginning with a fresh group until at least {@code count} records
   * arrived (Awaitility, failing after {@code timeout}); returns them in arrival order.
   */
  public <K, V> List<ConsumerRecord<K, V>> consume(
      String topic, int count, Deserializer<K> keys, Deserializer<V> values, Duration timeout) {
    return consumeUntil(topic, keys, values, records -> records.size() >= count, timeout);
  }

  /**
   * Reads the topic from the beginning with a fresh group until {@code done} holds for the records
   * read so far (e.g. "contains my key"); useful on shared topics other tests also write to.
   */
  public <K, V> List<ConsumerRecord<K, V>> consumeUntil(
      String topic,
      Deserializer<K> keys,
      Deserializer<V> values,
      Predicate<List<ConsumerRecord<K, V>>> done,
      Duration timeout) {
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = consumer("devkit-" + UUID.randomUUID(), keys, values)) {
      consumer.subscribe(List.of(topic));
      Awaitility.await("condition on records of " + topic)
          .atMost(timeout)
          .pollInterval(Duration.ZERO)
          .pollDelay(Duration.ZERO)
          .until(
              () -> {
                consumer.poll(POLL_INTERVAL).forEach(out::add);
                return done.test(out);
              });
    }
    return out;
  }

  /**
   * Every record of the topic written before this call, from the beginning of each partition
   * (partitions assigned, no group commits): for counting what a test left on a shared topic, such
   * as dead letters, without waiting for a number of records that might never come.
   */
  public <K, V> List<ConsumerRecord<K, V>> consumeToEnd(
      String topic, Deserializer<K> keys, Deserializer<V> values, Duration timeout) {
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = consumer("devkit-" + UUID.randomUUID(), keys, values)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Awaitility.await("records of " + topic + " up to its end")
          .atMost(timeout)
          .pollInterval(Duration.ZERO)
          .pollDelay(Duration.ZERO)
          .until(
              () -> {
                consumer.poll(POLL_INTERVAL).forEach(out::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
              });
    }
    return out;
  }

  /** The in-process broker when the backend is embedded (for data-dir or port checks). */
  public Optional<EmbeddedKafkaBroker> embeddedBroker() {
    return Optional.empty();
  }

  public <K, V> List<ConsumerRecord<K, V>> consume(
      String topic, int count, Deserializer<K> keys, Deserializer<V> values) {
    return consume(topic, count, keys, values, DEFAULT_TIMEOUT);
  }

  /** Stops registry and broker; called once by the extension at the end of the test JVM. */
  @Override
  public abstract void close();

  protected synchronized void closeAdmin() {
    if (admin != null) {
      admin.close(Duration.ZERO);
      admin = null;
    }
  }
}
