package io.leadpipe.scoring.propensity.stream;

import io.leadpipe.registry.serde.SchemaRegistryUnavailableException;
import io.leadpipe.schemas.propensity.PropensityModel;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.streams.runtime.GlobalRegistryWait;
import java.util.Map;
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
 * propensity-models bytes → the global model store: a record is put, a tombstone deletes, and a
 * record that is not a PropensityModel is skipped, logged with where it is and counted ({@code
 * stream-propensity-models-metrics} {@code rejected-records-total}), as the segment definitions'
 * loader does: a global store has no sink, and it runs again at every restore.
 */
public final class PropensityModelLoader implements Processor<String, byte[], Void, Void> {

  public static final String METRIC_SCOPE = "propensity-models";
  public static final String REJECTED = "rejected-records";
  private static final Logger LOG = LoggerFactory.getLogger(PropensityModelLoader.class);

  private final Deserializer<PropensityModel> deserializer;
  private final ModelChanges changes;
  private final GlobalRegistryWait registryWait = GlobalRegistryWait.withDefaults();
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, PropensityModel> store;
  private Sensor rejected;

  public PropensityModelLoader(Map<String, ?> registryConfig, ModelChanges changes) {
    this.deserializer = Topics.PROPENSITY_MODELS.valueSerde(registryConfig).deserializer();
    this.changes = changes;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(Stores.PROPENSITY_MODEL_STORE);
    this.rejected =
        context
            .metrics()
            .addRateTotalSensor(
                METRIC_SCOPE, Stores.PROPENSITY_MODEL_STORE, REJECTED, Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null) {
      reject("no model name (null key)");
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      changes.changed();
      return;
    }
    Object decoded;
    try {
      decoded =
          registryWait.decode(
              "a propensity model",
              () -> deserializer.deserialize(Topics.PROPENSITY_MODELS.name(), record.value()));
    } catch (SchemaRegistryUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      reject(e.getClass().getName() + ": " + e.getMessage());
      return;
    }
    if (!(decoded instanceof PropensityModel model)) {
      reject(
          "record of schema "
              + (decoded == null ? "null" : decoded.getClass().getName())
              + ", expected "
              + PropensityModel.class.getName());
      return;
    }
    store.put(record.key(), model);
    changes.changed();
  }

  private void reject(String why) {
    rejected.record();
    RecordMetadata meta = context.recordMetadata().orElse(null);
    LOG.warn(
        "Skipping a record on {} that is not a propensity model, {}-{}@{}: {}",
        Topics.PROPENSITY_MODELS.name(),
        meta == null ? "?" : meta.topic(),
        meta == null ? -1 : meta.partition(),
        meta == null ? -1 : meta.offset(),
        why);
  }
}
