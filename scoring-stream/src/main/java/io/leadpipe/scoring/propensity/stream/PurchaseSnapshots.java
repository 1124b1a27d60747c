package io.leadpipe.scoring.propensity.stream;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.propensity.PropensityExample;
import io.leadpipe.scoring.forecast.BacktestDay;
import io.leadpipe.scoring.forecast.ExpectedOrderValue;
import io.leadpipe.scoring.forecast.ForecastGroups;
import io.leadpipe.scoring.forecast.ForecastSums;
import io.leadpipe.scoring.propensity.PropensitySettings;
import io.leadpipe.scoring.propensity.PurchaseSnapshot;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.streams.global.GlobalTableChanges;
import io.leadpipe.streams.schedule.ScheduleKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * published profile → the visitor's one open snapshot (opened by the first profile when none is
 * open: features frozen then; later profiles only mark a purchase within the horizon) → once the
 * horizon plus the grace has passed in stream time, one example on leadpipe.propensity-examples (no
 * visitor id), and the next profile opens the next snapshot. So each visitor gives at most one
 * example per horizon. Closing is a range scan of a time-indexed schedule, at most {@code
 * maxPerCheck} per check. A retired profile (erased, merged, removed) drops its open snapshot. For
 * the forecast's backtest a snapshot also keeps the propensity served for its profile and the order
 * value expected then, and a closed one adds its forecast and its outcome to its UTC day in the
 * backtest store.
 */
public final class PurchaseSnapshots
    implements Processor<String, ProspectProfile, String, PropensityExample> {

  private final PropensitySettings settings;
  private final Duration grace;
  private final ServingPropensity serving;
  private ProcessorContext<String, PropensityExample> context;
  private KeyValueStore<String, PurchaseSnapshot> snapshots;
  private KeyValueStore<String, String> schedule;
  private KeyValueStore<String, ForecastSums> forecast;
  private KeyValueStore<String, BacktestDay> backtest;

  /**
   * @param grace events this much older than the latest still apply: a purchase of the horizon may
   *     arrive this late, so the snapshot waits for it
   * @param modelChanges when the serving model changed, to predict as segment evaluation does
   */
  public PurchaseSnapshots(
      PropensitySettings settings, Duration grace, GlobalTableChanges modelChanges) {
    this.settings = settings;
    this.grace = grace;
    this.serving = new ServingPropensity(settings, modelChanges);
  }

  @Override
  public void init(ProcessorContext<String, PropensityExample> context) {
    this.context = context;
    this.snapshots = context.getStateStore(Stores.PROPENSITY_SNAPSHOT_STORE);
    this.schedule = context.getStateStore(Stores.PROPENSITY_SCHEDULE_STORE);
    this.forecast = context.getStateStore(Stores.FORECAST_STORE);
    this.backtest = context.getStateStore(Stores.BACKTEST_STORE);
    serving.init(context);
    // Stream time: a replay closes the same snapshots with the same labels.
    context.schedule(settings.checkInterval(), PunctuationType.STREAM_TIME, this::closeDue);
  }

  @Override
  public void process(Record<String, ProspectProfile> record) {
    String visitor = record.key();
    PurchaseSnapshot open = snapshots.get(visitor);
    if (record.value() == null) {
      if (open != null) {
        schedule.delete(ScheduleKey.of(closesAt(open), visitor));
        snapshots.delete(visitor);
      }
      return;
    }
    if (open == null) {
      PurchaseSnapshot opened = open(record.value());
      snapshots.put(visitor, opened);
      schedule.put(ScheduleKey.of(closesAt(opened), visitor), visitor);
      return;
    }
    PurchaseSnapshot observed = open.observe(record.value());
    if (observed != open) {
      snapshots.put(visitor, observed);
    }
  }

  private void closeDue(long streamTime) {
    for (KeyValue<String, String> due :
        ScheduleKey.dueBy(schedule, streamTime, settings.maxPerCheck())) {
      schedule.delete(due.key);
      PurchaseSnapshot snapshot = snapshots.get(due.value);
      if (snapshot == null || ScheduleKey.dueOf(due.key) != closesAt(snapshot)) {
        continue; // retired, or a newer snapshot with its own entry
      }
      snapshots.delete(due.value);
      addToBacktest(snapshot);
      context.forward(
          new Record<>(
              PropensitySettings.MODEL, ModelRecords.toAvro(snapshot), snapshot.horizonEnd()));
    }
  }

  /**
   * The prediction is the serving model's, as on the published profile; a visitor valued by neither
   * cart nor history gets the average order value of this task's buyers at the time (0 while none
   * bought), the forecast as it could be made then.
   */
  private PurchaseSnapshot open(ProspectProfile profile) {
    double predicted = serving.of(profile).getPurchase7d();
    double value =
        ExpectedOrderValue.ownOf(profile)
            .orElseGet(
                () -> {
                  ForecastSums all = forecast.get(ForecastGroups.ALL);
                  return all == null ? 0 : all.averageOrderValue().orElse(0);
                });
    return PurchaseSnapshot.open(profile, settings.horizon(), predicted, value);
  }

  /** Snapshots opened before predictions were kept have no forecast to compare: left out. */
  private void addToBacktest(PurchaseSnapshot snapshot) {
    if (snapshot.predicted() == null) {
      return;
    }
    String day =
        LocalDate.ofInstant(Instant.ofEpochMilli(snapshot.snapshotAt()), ZoneOffset.UTC).toString();
    BacktestDay was = backtest.get(day);
    BacktestDay closed =
        BacktestDay.of(
            snapshot.predicted(),
            snapshot.expectedOrderValue(),
            snapshot.purchased(),
            snapshot.revenue());
    backtest.put(day, (was == null ? BacktestDay.NONE : was).plus(closed));
  }

  private long closesAt(PurchaseSnapshot snapshot) {
    return snapshot.horizonEnd() + grace.toMillis();
  }
}
