package io.leadpipe.scoring.query;

import io.leadpipe.scoring.forecast.BacktestFigures;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The forecast made at each day's snapshots against what the visitors bought within the horizon
 * after them, for the latest days whose snapshots have closed (a day appears once the first of its
 * snapshots closed, a horizon plus the grace after it), oldest first.
 *
 * @param horizonDays the horizon the outcome is counted within
 * @param days one entry per day
 * @param coverage which partitions the days come from
 */
@Serdeable
public record BacktestReport(int horizonDays, List<BacktestFigures> days, Coverage coverage)
    implements MergedListing {

  public BacktestReport {
    days = List.copyOf(days);
  }
}
