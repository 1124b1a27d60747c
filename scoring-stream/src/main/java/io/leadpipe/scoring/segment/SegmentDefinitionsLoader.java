package io.leadpipe.scoring.segment;

import io.leadpipe.registry.serde.SchemaRegistryUnavailableException;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.streams.global.GlobalTableChanges;
import io.leadpipe.streams.runtime.GlobalRegistryWait;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * segment-definitions bytes → the global definitions store: a definition is put, a tombstone
 * deletes, and a record that is not a SegmentDefinition (garbage, unknown schema id, another
 * schema) is skipped, logged with where it is, and counted. A global store has no sink and is
 * rebuilt through this processor on every restore, so a dead letter here would be written again by
 * every instance at every restore: the skip is counted instead ({@code
 * stream-segment-definitions-metrics} {@code rejected-records-total}, exported as {@code
 * kafka_stream_segment_definitions_rejected_records_total}).
 */
public final class SegmentDefinitionsLoader implements Processor<String, byte[], Void, Void> {

  public static final String METRIC_SCOPE = "segment-definitions";
  public static final String REJECTED = "rejected-records";
  private static final Logger LOG = LoggerFactory.getLogger(SegmentDefinitionsLoader.class);

  private final Deserializer<SegmentDefinition> deserializer;
  private ProcessorContext<Void, Void> context;
  private TimestampedKeyValueStore<String, SegmentDefinition> store;
  private Sensor rejected;

  private final GlobalTableChanges changes;
  private final GlobalRegistryWait registryWait = GlobalRegistryWait.withDefaults();

  public SegmentDefinitionsLoader(Map<String, ?> registryConfig, GlobalTableChanges changes) {
    this.deserializer = Topics.SEGMENT_DEFINITIONS.valueSerde(registryConfig).deserializer();
    this.changes = changes;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(Stores.SEGMENT_DEFINITIONS_STORE);
    this.rejected =
        context
            .metrics()
            .addRateTotalSensor(
                METRIC_SCOPE,
                Stores.SEGMENT_DEFINITIONS_STORE,
                REJECTED,
                Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null) {
      reject("no segment id (null key)");
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      changes.changed();
      return;
    }
    Object decoded;
    try {
      // The global thread cannot be replaced: it waits out a registry outage here, so a valid
      // definition is never skipped for it.
      decoded =
          registryWait.decode(
              "a segment definition",
              () -> deserializer.deserialize(Topics.SEGMENT_DEFINITIONS.name(), record.value()));
    } catch (SchemaRegistryUnavailableException e) {
      throw e; // interrupted while waiting: the application is closing, the definition stays
    } catch (RuntimeException e) {
      reject(e.getClass().getName() + ": " + e.getMessage());
      return;
    }
    // A well-formed record of another registered schema decodes to that schema's class.
    if (!(decoded instanceof SegmentDefinition definition)) {
      reject(
          "record of schema "
              + (decoded == null ? "null" : decoded.getClass().getName())
              + ", expected "
              + SegmentDefinition.class.getName());
      return;
    }
    store.put(record.key(), ValueAndTimestamp.make(definition, record.timestamp()));
    changes.changed();
  }

  private void reject(String why) {
    rejected.record();
    RecordMetadata meta = context.recordMetadata().orElse(null);
    LOG.warn(
        "Skipping a record on {} that is not a segment definition, {}-{}@{}: {}",
        Topics.SEGMENT_DEFINITIONS.name(),
        meta == null ? "?" : meta.topic(),
        meta == null ? -1 : meta.partition(),
        meta == null ? -1 : meta.offset(),
        why);
  }
}
