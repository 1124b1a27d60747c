package io.leadpipe.dashboard.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Samples over time in columns, the shape a chart reads: one list of times (epoch milliseconds)
 * and, per series, one value per time (null where the series had no value then). Names are written
 * once, not once per sample, which keeps each pushed snapshot small.
 */
public record TimeSeries(List<Long> at, Map<String, List<Number>> series) {

  public static <S> TimeSeries of(
      List<S> samples,
      Function<S, Instant> time,
      Function<S, Map<String, ? extends Number>> values) {
    List<Long> at = new ArrayList<>(samples.size());
    Map<String, List<Number>> series = new TreeMap<>();
    for (int i = 0; i < samples.size(); i++) {
      S sample = samples.get(i);
      at.add(time.apply(sample).toEpochMilli());
      for (Map.Entry<String, ? extends Number> e : values.apply(sample).entrySet()) {
        int index = i;
        series
            .computeIfAbsent(e.getKey(), name -> new ArrayList<>(Collections.nCopies(index, null)))
            .add(e.getValue());
      }
      // A series missing from this sample gets a gap, so every column keeps the length of `at`.
      int length = i + 1;
      series
          .values()
          .forEach(
              column -> {
                if (column.size() < length) {
                  column.add(null);
                }
              });
    }
    return new TimeSeries(at, series);
  }
}
