package io.leadpipe.scoring.propensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.profile.ProspectProfile;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worked example of docs/scoring.md ("Propensity"), figure by figure. */
class StartingPointTest {

  private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");

  @Test
  void the_documented_worked_example() {
    ProspectProfile p = Profiles.at(T, 27.0, null);
    p.getFit().setValue(90.6);
    var a = p.getActivity();
    a.setCart(List.of(Product.newBuilder().setProductId("shoe-1").setPrice(60.0).build()));
    a.setCartValue(60);
    a.setProductViews(4);
    a.setSessions(1);

    double[] x = PropensityFeatures.of(p);
    LogisticModel start = StartingPoint.model();

    assertThat(start.logOdds(x)).isCloseTo(-1.2886, within(1e-4));
    assertThat(start.predict(x)).isCloseTo(0.2161, within(1e-4));
    assertThat(start.topContributions(x, 3))
        .extracting(LogisticModel.Contribution::feature)
        .containsExactly("cart", "recently seen", "engagement");
    assertThat(start.topContributions(x, 3).get(2).logOdds()).isCloseTo(0.54, within(1e-9));
  }

  @Test
  void an_unknown_visitor_starts_near_one_percent() {
    ProspectProfile nothing = Profiles.at(T, 0, null);
    nothing.setLastSeen(T.minus(java.time.Duration.ofDays(365)));

    assertThat(StartingPoint.model().predict(PropensityFeatures.of(nothing)))
        .isCloseTo(0.01, within(0.001));
  }
}
