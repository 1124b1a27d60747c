package io.leadpipe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerRequestsTest {

  @Test
  void aRateIsTheRequestsAnsweredBetweenTwoReadingsOverTheirDistance() {
    Map<String, Long> before = Map.of("EndTxn", 100L, "Fetch", 5_000L);
    Map<String, Long> after = Map.of("EndTxn", 150L, "Fetch", 6_000L, "Produce", 40L);

    assertThat(BrokerRequests.perSecond(before, after, "EndTxn", 2.0)).isEqualTo(25.0);
    assertThat(BrokerRequests.perSecond(before, after, "Fetch", 2.0)).isEqualTo(500.0);
    // A request first answered during the run counts from zero.
    assertThat(BrokerRequests.perSecond(before, after, "Produce", 2.0)).isEqualTo(20.0);
  }

  @Test
  void aRequestTheBrokerNeverAnsweredOrNoBrokerInThisJvmIsLeftOut() {
    assertThat(BrokerRequests.perSecond(Map.of(), Map.of("Fetch", 1L), "EndTxn", 1.0)).isNaN();
    assertThat(BrokerRequests.perSecond(Map.of(), Map.of(), "Fetch", 1.0)).isNaN();
  }
}
