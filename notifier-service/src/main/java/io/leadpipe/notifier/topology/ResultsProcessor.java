package io.leadpipe.notifier.topology;

import io.leadpipe.notifier.results.Exposures;
import io.leadpipe.notifier.results.StrategyTotals;
import io.leadpipe.schemas.followup.StrategyExposure;
import io.leadpipe.schemas.followup.StrategyResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Rule: changes of visitors' contributions (leadpipe.strategy-exposures, keyed by strategy id) →
 * each strategy's sums per arm, reason and segment ({@link StrategyTotals}), updated one change at
 * a time → on the next tick, the result of every strategy that changed → leadpipe.strategy-results
 * (compacted), with the uplift of each arm against the holdout.
 *
 * <p>Which strategies changed is kept in a changelogged store too, so a crash between a change and
 * the next tick still publishes it after the restart; a tick publishes a strategy once however many
 * changes it had.
 */
final class ResultsProcessor
    implements Processor<String, StrategyExposure, String, StrategyResult> {

  private final Duration tick;
  private final Duration attributionWindow;
  private ProcessorContext<String, StrategyResult> context;
  private KeyValueStore<String, StrategyTotals> totals;
  private KeyValueStore<String, Long> changed;

  ResultsProcessor(Duration tick, Duration attributionWindow) {
    this.tick = tick;
    this.attributionWindow = attributionWindow;
  }

  @Override
  public void init(ProcessorContext<String, StrategyResult> context) {
    this.context = context;
    this.totals = context.getStateStore(NotifierTopology.RESULTS_STORE);
    this.changed = context.getStateStore(NotifierTopology.RESULTS_CHANGED_STORE);
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::publishChanged);
  }

  @Override
  public void process(Record<String, StrategyExposure> record) {
    String strategy = record.key();
    if (strategy == null || record.value() == null) {
      return;
    }
    Exposures.Change c = ResultRecords.change(record.value());
    StrategyTotals before = totals.get(strategy);
    StrategyTotals after =
        (before == null ? StrategyTotals.empty(strategy) : before)
            .plus(c, record.value().getAt().toEpochMilli());
    totals.put(strategy, after);
    changed.put(strategy, after.updatedAtMillis());
  }

  /** Strategies are few: the changed-store holds only those changed since the last tick. */
  private void publishChanged(long nowMs) {
    List<String> due = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = changed.all()) {
      while (it.hasNext()) {
        KeyValue<String, Long> e = it.next();
        due.add(e.key);
      }
    }
    for (String strategy : due) {
      changed.delete(strategy);
      StrategyTotals t = totals.get(strategy);
      if (t != null) {
        context.forward(new Record<>(strategy, ResultRecords.result(t, attributionWindow), nowMs));
      }
    }
  }
}
