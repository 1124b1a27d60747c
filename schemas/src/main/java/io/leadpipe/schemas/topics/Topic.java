package io.leadpipe.schemas.topics;

import io.leadpipe.registry.serde.SpecificAvroSerde;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One topic of the public contract: its name, key and value types, and how it is created. Every
 * producer and consumer takes its serdes from here, so a topic name is written once.
 *
 * @param name the topic name (public contract)
 * @param key what the key is
 * @param valueType the Avro record class of the value
 * @param partitions partitions when leadpipe creates the topic; scale-out comes from these
 * @param cleanupPolicy {@link TopicConfig#CLEANUP_POLICY_DELETE} or {@link
 *     TopicConfig#CLEANUP_POLICY_COMPACT}
 * @param meaning one line for docs and operators
 * @param retention how long records are kept when leadpipe creates the topic; null = the broker's
 *     default
 */
public record Topic<V extends SpecificRecord>(
    String name,
    Key key,
    Class<V> valueType,
    int partitions,
    String cleanupPolicy,
    String meaning,
    Duration retention) {

  /** A topic kept as long as the broker's default retention says. */
  public Topic(
      String name,
      Key key,
      Class<V> valueType,
      int partitions,
      String cleanupPolicy,
      String meaning) {
    this(name, key, valueType, partitions, cleanupPolicy, meaning, null);
  }

  /** What a topic is keyed by. Only visitor-keyed topics scale out with more partitions. */
  public enum Key {
    VISITOR_ID,
    SEGMENT_ID,
    STRATEGY_ID,
    ORIGINAL_KEY,
    MERGE_ID,
    REQUEST_ID,
    /** A dead letter's {@code <partition>/<offset>} in leadpipe.dead-letters. */
    DEAD_LETTER_ID,
    /** A propensity model's name ({@code purchase-7d}), or {@code <name>/v<version>}. */
    MODEL_NAME
  }

  /**
   * Keys are visitor ids (or segment, strategy, merge or request ids, or the original key for dead
   * letters): plain UTF-8 strings.
   */
  public Serde<String> keySerde() {
    return Serdes.String();
  }

  /**
   * A value serde in the Confluent wire format, configured from the registry settings ({@code
   * schema.registry.url}, {@code auto.register.schemas}, ...). Build it once at start-up.
   */
  public Serde<V> valueSerde(Map<String, ?> registryConfig) {
    Map<String, Object> config = new HashMap<>(registryConfig);
    config.putIfAbsent("specific.avro.reader", true);
    SpecificAvroSerde<V> serde = new SpecificAvroSerde<>();
    serde.configure(config, false);
    return serde;
  }

  public boolean compacted() {
    return TopicConfig.CLEANUP_POLICY_COMPACT.equals(cleanupPolicy);
  }

  /**
   * The topic as leadpipe creates it. {@code partitionsOverride} applies to visitor-keyed topics;
   * segment definitions stay on one partition so every instance reads them in one order.
   */
  public NewTopic newTopic(Optional<Integer> partitionsOverride, short replicationFactor) {
    int count = key == Key.VISITOR_ID ? partitionsOverride.orElse(partitions) : partitions;
    Map<String, String> configs = new HashMap<>();
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy);
    if (retention != null) {
      configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    }
    return new NewTopic(name, count, replicationFactor).configs(configs);
  }
}
