package io.leadpipe.scoring.query;

import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.scoring.admin.SegmentCatalog;
import io.leadpipe.scoring.forecast.BacktestDay;
import io.leadpipe.scoring.forecast.BacktestFigures;
import io.leadpipe.scoring.forecast.ForecastFigures;
import io.leadpipe.scoring.forecast.ForecastGroups;
import io.leadpipe.scoring.forecast.ForecastSums;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.service.problem.Violation;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;

/**
 * The forecast and its backtest, merged per partition like the other listings ({@link
 * Listings#gather}): every instance sends its raw sums, which are added before any figure is
 * computed, so the interval of the whole is the whole's and not a sum of intervals.
 */
@Singleton
public class Forecasts {

  /** The backtest shows two horizons of days unless asked otherwise. */
  public static final int DEFAULT_BACKTEST_DAYS = 14;

  /** A year of days: what a chart can show, and what every instance sends at most. */
  public static final int MAX_BACKTEST_DAYS = 366;

  private final LocalProfiles profiles;
  private final Listings listings;
  private final SegmentCatalog catalog;
  private final int horizonDays;

  public Forecasts(
      LocalProfiles profiles, Listings listings, SegmentCatalog catalog, ScoringConfig scoring) {
    this.profiles = profiles;
    this.listings = listings;
    this.catalog = catalog;
    this.horizonDays = scoring.propensity().horizonDays();
  }

  public LocalProfiles.PartitionRead<ForecastShare> localForecast(Collection<Integer> partitions) {
    return local(Stores.FORECAST_STORE, partitions, ForecastShare::of);
  }

  /**
   * @param segment only this segment's forecast (with the overall one); null: every segment's
   * @throws InvalidQueryException when the segment is neither defined nor has anyone in it
   */
  public ForecastReport forecast(String segment, String authorization) {
    Listings.Gathered<ForecastShare> gathered =
        listings.gather("/v1/forecast", this::localForecast, ForecastShare.class, authorization);
    Map<String, ForecastSums> groups = ForecastShare.merge(gathered.shares()).groups();
    Map<String, String> names =
        catalog.all().stream()
            .filter(d -> d.getName() != null)
            .collect(
                Collectors.toMap(
                    SegmentDefinition::getSegmentId, SegmentDefinition::getName, (a, b) -> b));
    if (segment != null
        && !names.containsKey(segment)
        && !groups.containsKey(ForecastGroups.SEGMENT + segment)) {
      throw new InvalidQueryException(
          List.of(new Violation("segment", "no segment " + segment + " is defined")));
    }
    ForecastSums all = groups.getOrDefault(ForecastGroups.ALL, ForecastSums.NONE);
    List<ForecastReport.SegmentForecast> segments = new ArrayList<>();
    groups.forEach(
        (group, sums) -> {
          String id = ForecastGroups.segmentOf(group);
          if (id != null && (segment == null || segment.equals(id))) {
            segments.add(
                new ForecastReport.SegmentForecast(
                    id, names.get(id), ForecastFigures.of(sums, all)));
          }
        });
    // Most expected revenue first: the segments worth attention at the top.
    segments.sort(
        Comparator.comparingDouble(
                (ForecastReport.SegmentForecast f) -> f.forecast().expectedRevenue())
            .reversed()
            .thenComparing(ForecastReport.SegmentForecast::segmentId));
    if (segment != null && segments.isEmpty()) {
      // Defined, but nobody in it now.
      segments.add(
          new ForecastReport.SegmentForecast(
              segment, names.get(segment), ForecastFigures.of(ForecastSums.NONE, all)));
    }
    return new ForecastReport(
        horizonDays, ForecastFigures.of(all, all), segments, gathered.coverage());
  }

  public LocalProfiles.PartitionRead<BacktestShare> localBacktest(
      int days, Collection<Integer> partitions) {
    return local(
        Stores.BACKTEST_STORE,
        partitions,
        (List<KeyValue<String, BacktestDay>> entries) -> BacktestShare.of(entries, days));
  }

  public BacktestReport backtest(int days, String authorization) {
    Listings.Gathered<BacktestShare> gathered =
        listings.gather(
            "/v1/forecast/backtest?days=" + days,
            parts -> localBacktest(days, parts),
            BacktestShare.class,
            authorization);
    List<BacktestFigures> figures =
        BacktestShare.merge(gathered.shares(), days).days().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> BacktestFigures.of(e.getKey(), e.getValue()))
            .toList();
    return new BacktestReport(horizonDays, figures, gathered.coverage());
  }

  /**
   * The days asked for, or the default.
   *
   * @throws InvalidQueryException unless a whole number in 1..{@value #MAX_BACKTEST_DAYS}
   */
  public static int backtestDays(String days) {
    if (days == null) {
      return DEFAULT_BACKTEST_DAYS;
    }
    Violation outOfRange =
        new Violation("days", "must be a whole number from 1 to " + MAX_BACKTEST_DAYS);
    try {
      int asked = Integer.parseInt(days.strip());
      if (asked < 1 || asked > MAX_BACKTEST_DAYS) {
        throw new InvalidQueryException(List.of(outOfRange));
      }
      return asked;
    } catch (NumberFormatException e) {
      throw new InvalidQueryException(List.of(outOfRange));
    }
  }

  /** As {@link Listings}: named partitions may be stale copies; none named, the active ones. */
  private <V, T> LocalProfiles.PartitionRead<T> local(
      String store, Collection<Integer> partitions, Function<List<KeyValue<String, V>>, T> reader) {
    return partitions == null
        ? profiles.readAll(store, profiles.activePartitions(), false, reader)
        : profiles.readAll(store, partitions, true, reader);
  }
}
