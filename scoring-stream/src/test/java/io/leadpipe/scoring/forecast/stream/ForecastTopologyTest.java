package io.leadpipe.scoring.forecast.stream;

import static io.leadpipe.scoring.testing.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.identity.IdentityCommandKind;
import io.leadpipe.schemas.propensity.PropensityExample;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.forecast.BacktestDay;
import io.leadpipe.scoring.forecast.BacktestFigures;
import io.leadpipe.scoring.forecast.ForecastFigures;
import io.leadpipe.scoring.forecast.ForecastGroups;
import io.leadpipe.scoring.forecast.ForecastSums;
import io.leadpipe.scoring.testing.TopologyFixture;
import io.leadpipe.scoring.topology.ProspectTopology;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.leadpipe.scoring.topology.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The forecast and its backtest through the real topology: the sums follow every published profile
 * and retirement, and a closed snapshot sets its forecast beside what the visitor bought.
 */
class ForecastTopologyTest {

  private static final Duration WEEK = Duration.ofDays(7);
  private static final String CARTS = "carts";

  private final TopologyFixture f = new TopologyFixture();
  private final TestOutputTopic<String, PropensityExample> examplesOut =
      f.driver.createOutputTopic(
          Topics.PROPENSITY_EXAMPLES.name(),
          Topics.PROPENSITY_EXAMPLES.keySerde().deserializer(),
          Topics.PROPENSITY_EXAMPLES.valueSerde(f.registry).deserializer());
  private final KeyValueStore<String, ForecastSums> forecast =
      f.driver.getKeyValueStore(Stores.FORECAST_STORE);
  private final KeyValueStore<String, BacktestDay> backtest =
      f.driver.getKeyValueStore(Stores.BACKTEST_STORE);

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void the_forecast_is_the_hand_computed_sum_and_interval_overall_and_per_segment() {
    f.define(CARTS, "{\"attr\":\"activity.cartValue\",\"op\":\"gte\",\"value\":1}");
    cartAdd("with-cart", 120, T0);
    f.purchase("returning", 80, T0.plusSeconds(10));
    f.purchase("returning", 80, T0.plusSeconds(20));
    f.productView("unknown", "shoes", T0.plusSeconds(30));
    double pa = propensityOf("with-cart");
    double pb = propensityOf("returning");
    double pc = propensityOf("unknown");

    // The cart's 120; the returning buyer's own 160 / 2 = 80; the unknown at the buyers' 80.
    double expected = pa * 120 + pb * 80 + pc * 80;
    double variance = pa * (1 - pa) * 120 * 120 + pb * (1 - pb) * 80 * 80 + pc * (1 - pc) * 80 * 80;
    ForecastSums all = forecast.get(ForecastGroups.ALL);
    ForecastFigures overall = ForecastFigures.of(all, all);
    assertThat(overall.visitors()).isEqualTo(3);
    assertThat(overall.expectedRevenue()).isCloseTo(expected, within(0.01));
    assertThat(overall.high()).isCloseTo(expected + 1.96 * Math.sqrt(variance), within(0.01));
    assertThat(overall.low())
        .isCloseTo(Math.max(0, expected - 1.96 * Math.sqrt(variance)), within(0.01));

    ForecastFigures carts = ForecastFigures.of(forecast.get(ForecastGroups.SEGMENT + CARTS), all);
    assertThat(carts.visitors()).isEqualTo(1);
    assertThat(carts.expectedRevenue()).isCloseTo(pa * 120, within(0.01));

    // Erased: taken out, exactly.
    f.command(IdentityCommandKind.ERASE, null, "unknown", T0.plusSeconds(40));
    f.publish();
    ForecastFigures afterErasure = ForecastFigures.of(forecast.get(ForecastGroups.ALL), all);
    assertThat(afterErasure.visitors()).isEqualTo(2);
    assertThat(afterErasure.expectedRevenue()).isCloseTo(pa * 120 + pb * 80, within(0.01));
  }

  @Test
  void a_purchase_within_the_horizon_shows_in_the_backtest_as_actual_beside_the_forecast() {
    cartAdd("with-cart", 120, T0);
    double pa = propensityOf("with-cart");
    f.productView("browser", "shoes", T0.plusSeconds(10));
    double pb = propensityOf("browser");

    // Two days later the cart is bought; the browser never buys.
    f.purchase("with-cart", 120, T0.plus(Duration.ofDays(2)));
    assertThat(backtest.get("2026-11-02")).isNull();
    // Stream time passes the horizon plus the grace and a check.
    f.productView("someone-else", "bags", T0.plus(WEEK).plus(Duration.ofHours(2)));

    BacktestFigures day = BacktestFigures.of("2026-11-02", backtest.get("2026-11-02"));
    assertThat(day.snapshots()).isEqualTo(2);
    assertThat(day.buyers()).isEqualTo(1);
    assertThat(day.expectedBuyers()).isCloseTo(pa + pb, within(0.01));
    // Nobody had bought when the browser's snapshot was taken: valued at 0 then.
    assertThat(day.forecastRevenue()).isCloseTo(pa * 120, within(0.01));
    assertThat(day.actualRevenue()).isEqualTo(120);

    List<PropensityExample> examples = examplesOut.readValuesToList();
    assertThat(examples)
        .extracting(PropensityExample::getRevenue, PropensityExample::getExpectedOrderValue)
        .containsExactlyInAnyOrder(tuple(120.0, 120.0), tuple(0.0, 0.0));
    assertThat(examples)
        .extracting(PropensityExample::getPredicted)
        .containsExactlyInAnyOrder(pa, pb);
  }

  /** The query API finds the forecast's local partitions by the tasks that read web events. */
  @Test
  void the_forecast_and_backtest_live_in_the_tasks_that_read_the_visitor_topics() {
    TopologyDescription description =
        new ProspectTopology(ScoringConfig.defaults(), f.registry).build().describe();
    for (String store : List.of(Stores.FORECAST_STORE, Stores.BACKTEST_STORE)) {
      TopologyDescription.Subtopology with =
          description.subtopologies().stream()
              .filter(
                  sub ->
                      sub.nodes().stream()
                          .anyMatch(
                              n ->
                                  n instanceof TopologyDescription.Processor p
                                      && p.stores().contains(store)))
              .findFirst()
              .orElseThrow();
      assertThat(with.nodes())
          .as(store)
          .filteredOn(n -> n instanceof TopologyDescription.Source)
          .anySatisfy(
              n ->
                  assertThat(((TopologyDescription.Source) n).topicSet())
                      .contains(Topics.WEB_EVENTS.name()));
    }
  }

  private void cartAdd(String visitor, double price, Instant at) {
    f.send(
        f.webEvent(visitor, WebEventType.CART_ADD, at)
            .setProduct(
                Product.newBuilder()
                    .setProductId("p-" + visitor)
                    .setPrice(price)
                    .setQuantity(1)
                    .build())
            .build());
  }

  private double propensityOf(String visitor) {
    return f.latest(visitor).getPropensity().getPurchase7d();
  }
}
