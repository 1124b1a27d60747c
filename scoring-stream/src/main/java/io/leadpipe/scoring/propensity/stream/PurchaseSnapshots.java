package io.leadpipe.scoring.propensity.stream;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.propensity.PropensityExample;
import io.leadpipe.scoring.propensity.PropensitySettings;
import io.leadpipe.scoring.propensity.PurchaseSnapshot;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.streams.schedule.ScheduleKey;
import java.time.Duration;
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
 * maxPerCheck} per check. A retired profile (erased, merged, removed) drops its open snapshot.
 */
public final class PurchaseSnapshots
    implements Processor<String, ProspectProfile, String, PropensityExample> {

  private final PropensitySettings settings;
  private final Duration grace;
  private ProcessorContext<String, PropensityExample> context;
  private KeyValueStore<String, PurchaseSnapshot> snapshots;
  private KeyValueStore<String, String> schedule;

  /**
   * @param grace events this much older than the latest still apply: a purchase of the horizon may
   *     arrive this late, so the snapshot waits for it
   */
  public PurchaseSnapshots(PropensitySettings settings, Duration grace) {
    this.settings = settings;
    this.grace = grace;
  }

  @Override
  public void init(ProcessorContext<String, PropensityExample> context) {
    this.context = context;
    this.snapshots = context.getStateStore(Stores.PROPENSITY_SNAPSHOT_STORE);
    this.schedule = context.getStateStore(Stores.PROPENSITY_SCHEDULE_STORE);
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
      PurchaseSnapshot opened = PurchaseSnapshot.open(record.value(), settings.horizon());
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
      context.forward(
          new Record<>(
              PropensitySettings.MODEL,
              ModelRecords.toAvro(snapshot.example()),
              snapshot.horizonEnd()));
    }
  }

  private long closesAt(PurchaseSnapshot snapshot) {
    return snapshot.horizonEnd() + grace.toMillis();
  }
}
