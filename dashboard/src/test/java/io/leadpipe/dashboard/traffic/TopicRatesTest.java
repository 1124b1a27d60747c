package io.leadpipe.dashboard.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicRatesTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void theRateIsTheOffsetDeltaOverTheSecondsBetweenSamples() {
    TopicRates rates = new TopicRates(10);
    rates.record(T0, Map.of("web", 100L, "social", 7L));
    rates.record(T0.plusSeconds(5), Map.of("web", 600L, "social", 7L));

    TopicRates.Sample latest = rates.latest();
    assertThat(latest.perSecond())
        .containsExactlyInAnyOrderEntriesOf(Map.of("web", 100.0, "social", 0.0));
    assertThat(rates.endOffsets()).containsEntry("web", 600L);
    assertThat(rates.history()).hasSize(1);
  }

  @Test
  void aTopicSeenForTheFirstTimeOnlySetsItsBaseAndARecreatedTopicIsNeverNegative() {
    TopicRates rates = new TopicRates(10);
    assertThat(rates.latest()).isNull();
    rates.record(T0, Map.of("web", 50L));
    rates.record(T0.plusSeconds(2), Map.of("web", 0L, "new", 10L));

    assertThat(rates.latest().perSecond()).containsExactly(Map.entry("web", 0.0));
    rates.record(T0.plusSeconds(4), Map.of("web", 0L, "new", 30L));
    assertThat(rates.latest().perSecond()).containsEntry("new", 10.0);
  }

  @Test
  void ratesAreGivenToTwoDecimals() {
    TopicRates rates = new TopicRates(10);
    rates.record(T0, Map.of("web", 0L));
    rates.record(T0.plusSeconds(3), Map.of("web", 10L));
    assertThat(rates.latest().perSecond()).containsEntry("web", 3.33);
  }

  @Test
  void historyIsBounded() {
    TopicRates rates = new TopicRates(2);
    for (int i = 0; i < 5; i++) {
      rates.record(T0.plusSeconds(i), Map.of("web", i * 10L));
    }
    assertThat(rates.history())
        .extracting(TopicRates.Sample::at)
        .containsExactly(T0.plusSeconds(3), T0.plusSeconds(4));
  }
}
