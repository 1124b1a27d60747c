package io.leadpipe.scoring.topology;

import io.leadpipe.scoring.profile.VisitorInput;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A visitor's message id seen within the dedupe window (event time, either side) is dropped:
 * producers and clients retry. The store is a window store keyed by source, visitor and message id
 * ({@link VisitorInput#visitorDedupeKey()}), so old ids expire with its segments and two visitors
 * whose clients pick the same message id both count.
 */
final class Deduplicator implements Processor<String, VisitorInput, String, VisitorInput> {

  private static final Logger LOG = LoggerFactory.getLogger(Deduplicator.class);

  private final Duration window;
  private ProcessorContext<String, VisitorInput> context;
  private WindowStore<String, Long> seen;

  Deduplicator(Duration window) {
    this.window = window;
  }

  @Override
  public void init(ProcessorContext<String, VisitorInput> context) {
    this.context = context;
    this.seen = context.getStateStore(Stores.DEDUPE_STORE);
  }

  @Override
  public void process(Record<String, VisitorInput> record) {
    String id = record.value().visitorDedupeKey();
    if (id == null) {
      context.forward(record);
      return;
    }
    long at = record.value().eventTime().toEpochMilli();
    long span = window.toMillis();
    try (WindowStoreIterator<Long> previous =
        seen.fetch(id, Instant.ofEpochMilli(at - span + 1), Instant.ofEpochMilli(at + span - 1))) {
      if (previous.hasNext()) {
        LOG.debug("Dropping duplicate message {}", id);
        return;
      }
    }
    seen.put(id, at, at);
    context.forward(record);
  }
}
