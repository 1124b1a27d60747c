package io.leadpipe.notifier.topology;

import io.leadpipe.schemas.followup.FollowupStrategy;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global strategy table as {@code leadpipe.followup-strategies} says: a strategy per id,
 * a tombstone deletes it. Every instance holds all of them.
 */
final class StrategyLoader implements Processor<String, FollowupStrategy, Void, Void> {
  private KeyValueStore<String, FollowupStrategy> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(NotifierTopology.STRATEGY_STORE);
  }

  @Override
  public void process(Record<String, FollowupStrategy> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
    } else {
      store.put(record.key(), record.value());
    }
  }
}
