package io.leadpipe.streams.privacy;

import io.leadpipe.schemas.privacy.Hashes;
import io.leadpipe.streams.runtime.TaskCounter;
import java.time.Instant;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The ids a Streams application must not process again: a suppression store holding the SHA-256 of
 * every erased id (never the id itself) → when it was erased. Input for an erased id is dropped and
 * counted (metric {@code suppressed-total} in group {@code stream-leadpipe-privacy-metrics}, tagged
 * with the stage), never dead-lettered: a dead letter would keep the personal data just erased. A
 * processor attaches one in its init.
 */
public final class ErasedIds {

  public static final String METRIC_SCOPE = "leadpipe-privacy";
  public static final String METRIC = "suppressed";

  private final ProcessorContext<?, ?> context;
  private final KeyValueStore<String, Long> store;
  private final Sensor dropped;

  private ErasedIds(
      ProcessorContext<?, ?> context, KeyValueStore<String, Long> store, Sensor dropped) {
    this.context = context;
    this.store = store;
    this.dropped = dropped;
  }

  /**
   * The suppression store: persistent and changelogged, so an erasure survives restarts and moves
   * with its task.
   */
  public static StoreBuilder<KeyValueStore<String, Long>> store(String name) {
    return store(Stores.persistentKeyValueStore(name));
  }

  /** The suppression store on a store of another kind (in memory for a reference run). */
  public static StoreBuilder<KeyValueStore<String, Long>> store(
      KeyValueBytesStoreSupplier supplier) {
    return Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.Long());
  }

  /**
   * The store {@code storeName} (connected to the calling processor) with the drop counter of
   * {@code stage}; call {@link #close()} from the processor's close.
   */
  public static ErasedIds attach(ProcessorContext<?, ?> context, String storeName, String stage) {
    Sensor dropped = TaskCounter.of(context, METRIC_SCOPE, stage, METRIC, "stage", stage);
    return new ErasedIds(context, context.getStateStore(storeName), dropped);
  }

  public boolean isErased(String id) {
    return store.get(Hashes.sha256(id)) != null;
  }

  /** True, and counted, when the id was erased: the caller then drops the record. */
  public boolean dropIfErased(String id) {
    if (!isErased(id)) {
      return false;
    }
    dropped.record();
    return true;
  }

  /** Remembers the id as erased (only its hash is kept). */
  public void erase(String id, Instant erasedAt) {
    store.put(Hashes.sha256(id), erasedAt.toEpochMilli());
  }

  public void close() {
    context.metrics().removeSensor(dropped);
  }
}
