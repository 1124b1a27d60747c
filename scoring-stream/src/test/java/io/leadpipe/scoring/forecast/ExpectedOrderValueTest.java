package io.leadpipe.scoring.forecast;

import static io.leadpipe.scoring.forecast.Prospects.prospect;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.forecast.ExpectedOrderValue.Basis;
import org.junit.jupiter.api.Test;

class ExpectedOrderValueTest {

  @Test
  void an_open_cart_is_what_the_visitor_is_about_to_buy() {
    var p = prospect(0.3, 120, 2, 160);

    assertThat(ExpectedOrderValue.basisOf(p)).isEqualTo(Basis.CART);
    assertThat(ExpectedOrderValue.ownOf(p)).hasValue(120);
  }

  @Test
  void without_a_cart_the_visitors_own_average_order_value() {
    var p = prospect(0.1, 0, 2, 160);

    assertThat(ExpectedOrderValue.basisOf(p)).isEqualTo(Basis.HISTORY);
    assertThat(ExpectedOrderValue.ownOf(p)).hasValue(80);
  }

  @Test
  void with_neither_the_buyers_average_applies() {
    var p = prospect(0.05, 0, 0, 0);

    assertThat(ExpectedOrderValue.basisOf(p)).isEqualTo(Basis.AVERAGE);
    assertThat(ExpectedOrderValue.ownOf(p)).isEmpty();
  }
}
