package io.leadpipe.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpipe.registry.store.CompatibilityLevel;
import io.leadpipe.registry.store.SchemaLog;
import io.leadpipe.registry.store.SchemaLogEntry;
import io.leadpipe.registry.store.SchemaLogEntry.ConfigEntry;
import io.leadpipe.registry.store.SchemaLogEntry.SchemaEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry state in a compacted Kafka topic, in Confluent's {@code _schemas} record layout, so ids
 * survive restarts (and the topic reads like a real registry's). Keys are JSON {@code
 * {"keytype":"SCHEMA","subject":..,"version":..,"magic":1}} or {@code {"keytype":"CONFIG",...}};
 * the latest record per key wins, which is what compaction keeps.
 */
public final class KafkaSchemaLog implements SchemaLog {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One partition: the log's order is the registry's order. */
  private static final int PARTITIONS = 1;

  private static final int PARTITION = 0;
  private static final int SCHEMA_KEY_MAGIC = 1;
  private static final int CONFIG_KEY_MAGIC = 0;
  private static final String KEYTYPE_SCHEMA = "SCHEMA";
  private static final String KEYTYPE_CONFIG = "CONFIG";
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long WRITE_TIMEOUT_SECONDS = 30;

  private final String topic;
  private final String bootstrapServers;
  private final KafkaProducer<String, String> producer;

  public KafkaSchemaLog(String bootstrapServers, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    createTopicIfMissing();
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                // A registry write is answered only once every in-sync replica has it.
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                0),
            new StringSerializer(),
            new StringSerializer());
  }

  private void createTopicIfMissing() {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Set<String> existing =
          admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (existing.contains(topic)) {
        return;
      }
      NewTopic newTopic =
          new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty())
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      try {
        admin
            .createTopics(List.of(newTopic))
            .all()
            .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Created schema topic {}", topic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted creating " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Cannot create schema topic " + topic + " on " + bootstrapServers, e);
    }
  }

  /**
   * Confluent's key for the entry, e.g. {@code
   * {"keytype":"SCHEMA","subject":"s","version":1,"magic":1}}.
   */
  static String keyOf(SchemaLogEntry entry) {
    ObjectNode key = JSON.createObjectNode();
    if (entry instanceof SchemaEntry s) {
      key.put("keytype", KEYTYPE_SCHEMA)
          .put("subject", s.subject())
          .put("version", s.version())
          .put("magic", SCHEMA_KEY_MAGIC);
    } else {
      ConfigEntry c = (ConfigEntry) entry;
      key.put("keytype", KEYTYPE_CONFIG);
      if (c.subject() == null) {
        key.putNull("subject");
      } else {
        key.put("subject", c.subject());
      }
      key.put("magic", CONFIG_KEY_MAGIC);
    }
    return key.toString();
  }

  /** Confluent's value for the entry; null (a tombstone) for a removed subject level. */
  static String valueOf(SchemaLogEntry entry) {
    if (entry instanceof SchemaEntry s) {
      return JSON.createObjectNode()
          .put("subject", s.subject())
          .put("version", s.version())
          .put("id", s.id())
          .put("schema", s.schema())
          .put("deleted", s.deleted())
          .toString();
    }
    ConfigEntry c = (ConfigEntry) entry;
    return c.level() == null
        ? null
        : JSON.createObjectNode().put("compatibilityLevel", c.level().name()).toString();
  }

  @Override
  public void append(SchemaLogEntry entry) {
    String key = keyOf(entry);
    String value = valueOf(entry);
    try {
      producer
          .send(new ProducerRecord<>(topic, PARTITION, key, value))
          .get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted writing to " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot write to schema topic " + topic, e);
    }
  }

  @Override
  public void replay(Consumer<SchemaLogEntry> consumer) {
    TopicPartition partition = new TopicPartition(topic, PARTITION);
    try (KafkaConsumer<String, String> reader =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                // No group: the partition is assigned by hand and read from the start every time.
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new StringDeserializer())) {
      reader.assign(List.of(partition));
      reader.seekToBeginning(List.of(partition));
      long end = reader.endOffsets(List.of(partition), ADMIN_TIMEOUT).get(partition);
      int count = 0;
      while (reader.position(partition) < end) {
        for (ConsumerRecord<String, String> record : reader.poll(POLL)) {
          SchemaLogEntry entry = parse(record.key(), record.value());
          if (entry != null) {
            consumer.accept(entry);
            count++;
          }
        }
      }
      LOG.info("Read {} registry records from {} up to offset {}", count, topic, end);
    }
  }

  /** Reads one {@code _schemas} record; null for record kinds this registry does not need. */
  static SchemaLogEntry parse(String keyText, String valueText) {
    try {
      JsonNode key = JSON.readTree(keyText);
      String keytype = key.path("keytype").asText();
      String subject = key.hasNonNull("subject") ? key.get("subject").asText() : null;
      if (KEYTYPE_SCHEMA.equals(keytype) && valueText != null) {
        JsonNode v = JSON.readTree(valueText);
        return new SchemaEntry(
            v.get("subject").asText(),
            v.get("version").asInt(),
            v.get("id").asInt(),
            v.get("schema").asText(),
            v.path("deleted").asBoolean(false));
      }
      if (KEYTYPE_CONFIG.equals(keytype)) {
        CompatibilityLevel level =
            valueText == null
                ? null
                : CompatibilityLevel.parse(
                    JSON.readTree(valueText).path("compatibilityLevel").asText());
        return new ConfigEntry(subject, level);
      }
      // NOOP, DELETE_SUBJECT, MODE... and hard-delete tombstones are not needed to rebuild our
      // state.
      return null;
    } catch (IOException | RuntimeException e) {
      LOG.warn("Skipping unreadable schema record with key {}", keyText, e);
      return null;
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
