package io.leadpipe.notifier.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.notifier.results.Exposures.Change;
import io.leadpipe.notifier.results.Exposures.Exposure;
import io.leadpipe.notifier.results.Exposures.Outcome;
import io.leadpipe.schemas.common.HesitationReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExposuresTest {

  private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
  private final Exposures rules = new Exposures(Duration.ofDays(7));

  private Map<String, Exposure> assigned(String variant) {
    return rules
        .onAssigned(Map.of(), "s", 1, variant, HesitationReason.PRICE, List.of("vip"), T0)
        .exposures();
  }

  @Test
  void a_first_assignment_counts_the_visitor_and_a_later_one_does_not() {
    Outcome first =
        rules.onAssigned(Map.of(), "s", 1, "a", HesitationReason.PRICE, List.of("vip"), T0);
    Outcome again =
        rules.onAssigned(
            first.exposures(),
            "s",
            2,
            "b",
            HesitationReason.SHIPPING,
            List.of(),
            T0.plusSeconds(60));

    assertThat(first.changes())
        .extracting(Change::assigned, Change::variantId)
        .containsExactly(tuple(1, "a"));
    assertThat(again.changes())
        .as("only the newer version is news; the arm, reason and segments stay the first")
        .extracting(Change::assigned, Change::variantId, Change::version, Change::reason)
        .containsExactly(tuple(0, "a", 2, HesitationReason.PRICE));
  }

  @Test
  void revenue_squares_change_as_the_square_of_the_visitors_total() {
    Outcome one = rules.onPurchase(assigned("a"), "o-1", 10.0, T0.plusSeconds(10));
    Outcome two = rules.onPurchase(one.exposures(), "o-2", 5.0, T0.plusSeconds(20));

    assertThat(one.changes())
        .extracting(Change::converted, Change::revenue, Change::revenueSquares)
        .containsExactly(tuple(1, 10.0, 100.0));
    assertThat(two.changes())
        .as("converted once; total 15, so the square grows 225 - 100")
        .extracting(Change::converted, Change::revenue, Change::revenueSquares)
        .containsExactly(tuple(0, 5.0, 125.0));
  }

  @Test
  void the_same_order_twice_and_orders_outside_the_window_change_nothing() {
    Outcome bought = rules.onPurchase(assigned("a"), "o-1", 10.0, T0.plusSeconds(10));

    assertThat(rules.onPurchase(bought.exposures(), "o-1", 10.0, T0.plusSeconds(10)).changes())
        .isEmpty();
    assertThat(rules.onPurchase(assigned("a"), "o-2", 10.0, T0.minusSeconds(1)).changes())
        .as("before the assignment")
        .isEmpty();
    assertThat(
            rules
                .onPurchase(assigned("a"), "o-3", 10.0, T0.plus(Duration.ofDays(7)).plusMillis(1))
                .changes())
        .as("after the window")
        .isEmpty();
    assertThat(rules.onPurchase(assigned("a"), "o-4", 10.0, T0.plus(Duration.ofDays(7))).changes())
        .as("the window's last instant counts")
        .hasSize(1);
  }

  @Test
  void a_delivery_credits_purchases_after_it_also_when_it_is_heard_of_late() {
    Outcome bought = rules.onPurchase(assigned("a"), "o-1", 10.0, T0.plusSeconds(100));
    Outcome delivered = rules.onDelivered(bought.exposures(), "s", T0.plusSeconds(50));
    Outcome repeated = rules.onDelivered(delivered.exposures(), "s", T0.plusSeconds(60));

    assertThat(delivered.changes())
        .extracting(
            Change::delivered,
            Change::deliveredConverted,
            Change::deliveredRevenue,
            Change::converted)
        .containsExactly(tuple(1, 1, 10.0, 0));
    assertThat(repeated.changes()).as("a later or repeated report").isEmpty();
  }

  @Test
  void the_holdout_and_other_strategies_are_never_delivered_anything() {
    assertThat(rules.onDelivered(assigned("holdout"), "s", T0).changes()).isEmpty();
    assertThat(rules.onDelivered(assigned("a"), "other", T0).changes()).isEmpty();
    assertThat(rules.onDelivered(assigned("a"), null, T0).changes()).isEmpty();
  }
}
