package io.leadpipe.scoring.query;

import io.leadpipe.scoring.forecast.BacktestDay;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;

/**
 * An instance's backtest over its partitions: its latest {@code days} days (UTC, ISO) with closed
 * snapshots. Every day of the latest {@code days} over all partitions is among the latest {@code
 * days} of each partition that has it, so merging these shares loses none of them.
 */
@Serdeable
public record BacktestShare(Map<String, BacktestDay> days) {

  public BacktestShare {
    days = Map.copyOf(days);
  }

  /** The store entries of several partitions, a day found in several summed; the latest kept. */
  public static BacktestShare of(List<KeyValue<String, BacktestDay>> entries, int days) {
    TreeMap<String, BacktestDay> byDay = new TreeMap<>();
    for (KeyValue<String, BacktestDay> kv : entries) {
      if (kv.value != null) {
        byDay.merge(kv.key, kv.value, BacktestDay::plus);
      }
    }
    return new BacktestShare(latest(byDay, days));
  }

  public static BacktestShare merge(List<BacktestShare> shares, int days) {
    TreeMap<String, BacktestDay> byDay = new TreeMap<>();
    shares.forEach(s -> s.days().forEach((d, sums) -> byDay.merge(d, sums, BacktestDay::plus)));
    return new BacktestShare(latest(byDay, days));
  }

  private static Map<String, BacktestDay> latest(TreeMap<String, BacktestDay> byDay, int days) {
    while (byDay.size() > days) {
      byDay.pollFirstEntry();
    }
    return byDay;
  }
}
