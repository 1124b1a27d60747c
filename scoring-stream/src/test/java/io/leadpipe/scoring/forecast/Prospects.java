package io.leadpipe.scoring.forecast;

import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.profile.Propensity;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.propensity.Profiles;
import java.time.Instant;
import java.util.List;

/** Profiles for the forecast tests: only propensity, cart, orders and segments are varied. */
final class Prospects {

  private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");

  private Prospects() {}

  /**
   * @param p the served propensity
   * @param cartValue 0: no cart
   * @param orders earlier orders, {@code spend} in total (0 orders: never bought)
   */
  static ProspectProfile prospect(
      double p, double cartValue, int orders, double spend, String... segments) {
    ProspectProfile profile = Profiles.at(T, 10, orders > 0 ? T.minusSeconds(86_400) : null);
    if (cartValue > 0) {
      profile
          .getActivity()
          .setCart(List.of(Product.newBuilder().setProductId("p-1").setPrice(cartValue).build()));
      profile.getActivity().setCartValue(cartValue);
    }
    profile.getActivity().setPurchases(orders);
    profile.getRfm().setFrequency(orders);
    profile.getRfm().setMonetary(spend);
    profile.getRfm().setAverageOrderValue(orders > 0 ? spend / orders : 0);
    profile.setSegments(List.of(segments));
    profile.setPropensity(
        Propensity.newBuilder()
            .setPurchase7d(p)
            .setHorizonDays(7)
            .setModelVersion(0)
            .setFactors(List.of())
            .build());
    return profile;
  }
}
