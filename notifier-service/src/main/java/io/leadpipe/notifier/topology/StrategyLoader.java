package io.leadpipe.notifier.topology;

import io.leadpipe.registry.serde.SchemaRegistryUnavailableException;
import io.leadpipe.schemas.followup.FollowupStrategy;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.streams.runtime.GlobalRegistryWait;
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
 * followup-strategies bytes → the global strategy table: a strategy is put, a tombstone deletes,
 * and a record that is not a FollowupStrategy (garbage, unknown schema id, another schema) is
 * skipped, logged with where it is, and counted ({@code stream-followup-strategies-metrics} {@code
 * rejected-records-total}). A global store has no sink and is rebuilt through this processor on
 * every restore, so a dead letter here would be written again by every instance at every restore.
 * While the schema registry is unreachable the global thread waits ({@link GlobalRegistryWait}): it
 * cannot be replaced, and a valid strategy must never be skipped.
 */
final class StrategyLoader implements Processor<String, byte[], Void, Void> {
  static final String METRIC_SCOPE = "followup-strategies";
  static final String REJECTED = "rejected-records";
  private static final Logger LOG = LoggerFactory.getLogger(StrategyLoader.class);

  private final Deserializer<FollowupStrategy> deserializer;
  private final GlobalRegistryWait registryWait = GlobalRegistryWait.withDefaults();
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, FollowupStrategy> store;
  private Sensor rejected;

  StrategyLoader(Deserializer<FollowupStrategy> deserializer) {
    this.deserializer = deserializer;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(NotifierTopology.STRATEGY_STORE);
    this.rejected =
        context
            .metrics()
            .addRateTotalSensor(
                METRIC_SCOPE,
                NotifierTopology.STRATEGY_STORE,
                REJECTED,
                Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null) {
      reject("no strategy id (null key)");
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      return;
    }
    Object decoded;
    try {
      decoded =
          registryWait.decode(
              "a follow-up strategy",
              () -> deserializer.deserialize(Topics.FOLLOWUP_STRATEGIES.name(), record.value()));
    } catch (SchemaRegistryUnavailableException e) {
      throw e; // interrupted while waiting: the application is closing, the strategy stays
    } catch (RuntimeException e) {
      reject(e.getClass().getName() + ": " + e.getMessage());
      return;
    }
    // A well-formed record of another registered schema decodes to that schema's class.
    if (!(decoded instanceof FollowupStrategy strategy)) {
      reject(
          "record of schema "
              + (decoded == null ? "null" : decoded.getClass().getName())
              + ", expected "
              + FollowupStrategy.class.getName());
      return;
    }
    store.put(record.key(), strategy);
  }

  private void reject(String why) {
    rejected.record();
    RecordMetadata meta = context.recordMetadata().orElse(null);
    LOG.warn(
        "Skipping a record on {} that is not a follow-up strategy, {}-{}@{}: {}",
        Topics.FOLLOWUP_STRATEGIES.name(),
        meta == null ? "?" : meta.topic(),
        meta == null ? -1 : meta.partition(),
        meta == null ? -1 : meta.offset(),
        why);
  }
}
