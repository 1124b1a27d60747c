package io.leadpipe.streams.privacy;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A record keyed by an erased id → dropped and counted ({@link ErasedIds}); every other record
 * passes unchanged.
 */
public final class DropErased<V> implements Processor<String, V, String, V> {

  private final String storeName;
  private final String stage;
  private ProcessorContext<String, V> context;
  private ErasedIds erased;

  /**
   * @param stage the input stage it guards (a metric tag)
   */
  public DropErased(String storeName, String stage) {
    this.storeName = storeName;
    this.stage = stage;
  }

  @Override
  public void init(ProcessorContext<String, V> context) {
    this.context = context;
    this.erased = ErasedIds.attach(context, storeName, stage);
  }

  @Override
  public void process(Record<String, V> record) {
    if (!erased.dropIfErased(record.key())) {
      context.forward(record);
    }
  }

  @Override
  public void close() {
    erased.close();
  }
}
