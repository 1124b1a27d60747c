package io.leadpipe.scoring.query;

import io.leadpipe.scoring.forecast.ForecastSums;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;

/**
 * An instance's forecast sums over its partitions, by group ({@code all}, {@code segment|<id>}):
 * additive, so the instance merging the shares sums them before computing any figure.
 */
@Serdeable
public record ForecastShare(Map<String, ForecastSums> groups) {

  public ForecastShare {
    groups = Map.copyOf(groups);
  }

  /** The store entries of several partitions: a group found in several is summed. */
  public static ForecastShare of(List<KeyValue<String, ForecastSums>> entries) {
    Map<String, ForecastSums> groups = new TreeMap<>();
    for (KeyValue<String, ForecastSums> kv : entries) {
      if (kv.value != null) {
        groups.merge(kv.key, kv.value, ForecastSums::plus);
      }
    }
    return new ForecastShare(groups);
  }

  public static ForecastShare merge(List<ForecastShare> shares) {
    Map<String, ForecastSums> groups = new TreeMap<>();
    shares.forEach(s -> s.groups().forEach((g, sums) -> groups.merge(g, sums, ForecastSums::plus)));
    return new ForecastShare(groups);
  }
}
