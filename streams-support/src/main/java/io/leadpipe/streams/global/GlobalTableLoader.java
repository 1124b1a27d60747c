package io.leadpipe.streams.global;

import io.leadpipe.registry.serde.SchemaRegistryUnavailableException;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.streams.runtime.GlobalRegistryWait;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A catalogue topic's bytes → a global table (the notifier's strategies and strategy results,
 * scoring's propensity models): a value is put, a tombstone deletes, and a record that is not of
 * the topic's type (garbage, unknown schema id, another schema) is skipped, logged with where it
 * is, and counted ({@code stream-<scope>-metrics} {@code rejected-records-total}). A global store
 * has no sink and is rebuilt through this processor on every restore, so a dead letter here would
 * be written again by every instance at every restore. While the schema registry is unreachable the
 * global thread waits ({@link GlobalRegistryWait}): it cannot be replaced, and a valid value must
 * never be skipped. After each put or delete {@code onChange} runs, so tasks that cache what they
 * read from the table know to read it again.
 */
public final class GlobalTableLoader<V extends SpecificRecord>
    implements Processor<String, byte[], Void, Void> {

  public static final String REJECTED = "rejected-records";
  private static final Logger LOG = LoggerFactory.getLogger(GlobalTableLoader.class);

  private final Topic<V> topic;
  private final String storeName;
  private final String scope;
  private final String what;
  private final Deserializer<V> deserializer;
  private final Runnable onChange;
  private final GlobalRegistryWait registryWait = GlobalRegistryWait.withDefaults();
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, V> store;
  private Sensor rejected;

  /**
   * @param scope the metric scope of rejected records
   * @param what what a value is, for the registry wait's log ("a follow-up strategy")
   */
  public GlobalTableLoader(
      Topic<V> topic, String storeName, String scope, String what, Deserializer<V> deserializer) {
    this(topic, storeName, scope, what, deserializer, () -> {});
  }

  /** As above, with {@code onChange} run after each put or delete. */
  public GlobalTableLoader(
      Topic<V> topic,
      String storeName,
      String scope,
      String what,
      Deserializer<V> deserializer,
      Runnable onChange) {
    this.topic = topic;
    this.storeName = storeName;
    this.scope = scope;
    this.what = what;
    this.deserializer = deserializer;
    this.onChange = onChange;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    this.rejected =
        context
            .metrics()
            .addRateTotalSensor(scope, storeName, REJECTED, Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null) {
      reject("no key");
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      onChange.run();
      return;
    }
    Object decoded;
    try {
      decoded =
          registryWait.decode(what, () -> deserializer.deserialize(topic.name(), record.value()));
    } catch (SchemaRegistryUnavailableException e) {
      throw e; // interrupted while waiting: the application is closing, the value stays
    } catch (RuntimeException e) {
      reject(e.getClass().getName() + ": " + e.getMessage());
      return;
    }
    // A well-formed record of another registered schema decodes to that schema's class.
    if (!topic.valueType().isInstance(decoded)) {
      reject(
          "record of schema "
              + (decoded == null ? "null" : decoded.getClass().getName())
              + ", expected "
              + topic.valueType().getName());
      return;
    }
    store.put(record.key(), topic.valueType().cast(decoded));
    onChange.run();
  }

  private void reject(String why) {
    rejected.record();
    RecordMetadata meta = context.recordMetadata().orElse(null);
    LOG.warn(
        "Skipping a record on {} that is not {}, {}-{}@{}: {}",
        topic.name(),
        what,
        meta == null ? "?" : meta.topic(),
        meta == null ? -1 : meta.partition(),
        meta == null ? -1 : meta.offset(),
        why);
  }
}
