package io.leadpipe.scoring.query;

import io.leadpipe.scoring.forecast.ForecastFigures;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Expected revenue from the current prospects within the horizon, overall and per segment, each
 * with its 95 % interval (docs/scoring.md, Forecast).
 *
 * @param horizonDays the propensity's horizon the revenue is expected within
 * @param overall every visitor
 * @param segments each segment's visitors (only the asked one when a segment was given)
 * @param coverage which partitions the sums come from
 */
@Serdeable
public record ForecastReport(
    int horizonDays, ForecastFigures overall, List<SegmentForecast> segments, Coverage coverage)
    implements MergedListing {

  /** One segment's forecast; its name from the catalogue (null when not known here yet). */
  @Serdeable
  public record SegmentForecast(String segmentId, String name, ForecastFigures forecast) {}

  public ForecastReport {
    segments = List.copyOf(segments);
  }
}
