package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.forecast.BacktestDay;
import io.leadpipe.scoring.forecast.ForecastGroups;
import io.leadpipe.scoring.forecast.ForecastSums;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** Shares from several partitions and instances add up before any figure is computed. */
class ForecastSharesTest {

  private static final ForecastSums ONE =
      new ForecastSums(1, 1, 300_000, 36_000, 3_024_000, 0, 0, 0, 0);

  @Test
  void forecastSumsOfAGroupInSeveralPartitionsAndInstancesAreAdded() {
    ForecastShare first =
        ForecastShare.of(
            List.of(
                KeyValue.pair(ForecastGroups.ALL, ONE),
                KeyValue.pair(ForecastGroups.ALL, ONE),
                KeyValue.pair(ForecastGroups.SEGMENT + "carts", ONE)));
    ForecastShare second = ForecastShare.of(List.of(KeyValue.pair(ForecastGroups.ALL, ONE)));

    ForecastShare merged = ForecastShare.merge(List.of(first, second));

    assertThat(merged.groups().get(ForecastGroups.ALL)).isEqualTo(ONE.plus(ONE).plus(ONE));
    assertThat(merged.groups().get(ForecastGroups.SEGMENT + "carts")).isEqualTo(ONE);
  }

  @Test
  void theLatestDaysOverAllSharesAreKeptWithEverySharesPartOfThem() {
    BacktestDay day = BacktestDay.of(0.2, 100, true, 120);
    // One instance holds days 1..3, the other 2 and 4: the latest two overall are 3 and 4.
    BacktestShare a =
        BacktestShare.of(
            List.of(
                KeyValue.pair("2026-11-01", day),
                KeyValue.pair("2026-11-02", day),
                KeyValue.pair("2026-11-03", day)),
            2);
    BacktestShare b =
        BacktestShare.of(
            List.of(KeyValue.pair("2026-11-02", day), KeyValue.pair("2026-11-04", day)), 2);

    BacktestShare merged = BacktestShare.merge(List.of(a, b), 2);

    assertThat(a.days()).containsOnlyKeys("2026-11-02", "2026-11-03");
    assertThat(merged.days()).containsOnlyKeys("2026-11-03", "2026-11-04");
    assertThat(merged.days().get("2026-11-03")).isEqualTo(day);
    // A day in two partitions of one instance is summed.
    assertThat(
            BacktestShare.of(
                    List.of(KeyValue.pair("2026-11-02", day), KeyValue.pair("2026-11-02", day)), 2)
                .days()
                .get("2026-11-02"))
        .isEqualTo(day.plus(day));
  }
}
