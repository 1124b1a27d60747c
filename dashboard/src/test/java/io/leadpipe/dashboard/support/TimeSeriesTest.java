package io.leadpipe.dashboard.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeSeriesTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  record Sample(Instant at, Map<String, Long> values) {}

  @Test
  void samplesBecomeColumnsWithGapsWhereASeriesHadNoValue() {
    TimeSeries series =
        TimeSeries.of(
            List.of(
                new Sample(T0, Map.of("hot", 1L)),
                new Sample(T0.plusSeconds(5), Map.of("hot", 2L, "new", 7L)),
                new Sample(T0.plusSeconds(10), Map.of("new", 8L))),
            Sample::at,
            Sample::values);

    assertThat(series.at())
        .containsExactly(
            T0.toEpochMilli(), T0.plusSeconds(5).toEpochMilli(), T0.plusSeconds(10).toEpochMilli());
    assertThat(series.series())
        .isEqualTo(
            Map.of(
                "hot", Arrays.asList(1L, 2L, null),
                "new", Arrays.asList(null, 7L, 8L)));
  }

  @Test
  void noSamplesNoColumns() {
    TimeSeries series = TimeSeries.of(List.<Sample>of(), Sample::at, Sample::values);
    assertThat(series.at()).isEmpty();
    assertThat(series.series()).isEmpty();
  }
}
