package io.leadpipe.scoring.forecast;

import io.leadpipe.schemas.profile.ProspectProfile;
import java.util.OptionalDouble;

/**
 * What a visitor's next order is expected to be worth, from what is known of the visitor: the open
 * cart's value when the cart has lines (what they are about to buy), else their own average order
 * value when they have bought before. A visitor with neither is valued at the average order value
 * of the buyers of their segment, or of all buyers: that average changes with every purchase
 * anywhere, so it is not resolved per visitor but applied to the summed probabilities when the
 * forecast is read ({@link ForecastFigures}).
 */
public final class ExpectedOrderValue {

  /** Where a visitor's value comes from. */
  public enum Basis {
    CART,
    HISTORY,
    /** Neither: the buyers' average applies. */
    AVERAGE
  }

  private ExpectedOrderValue() {}

  public static Basis basisOf(ProspectProfile profile) {
    var activity = profile.getActivity();
    if (!activity.getCart().isEmpty() && activity.getCartValue() > 0) {
      return Basis.CART;
    }
    if (activity.getPurchases() > 0 && profile.getRfm().getAverageOrderValue() > 0) {
      return Basis.HISTORY;
    }
    return Basis.AVERAGE;
  }

  /** The visitor's own expected order value; empty when only the buyers' average can say. */
  public static OptionalDouble ownOf(ProspectProfile profile) {
    return switch (basisOf(profile)) {
      case CART -> OptionalDouble.of(profile.getActivity().getCartValue());
      case HISTORY -> OptionalDouble.of(profile.getRfm().getAverageOrderValue());
      case AVERAGE -> OptionalDouble.empty();
    };
  }
}
