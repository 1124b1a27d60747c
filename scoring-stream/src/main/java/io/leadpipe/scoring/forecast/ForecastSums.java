package io.leadpipe.scoring.forecast;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.micronaut.serde.annotation.Serdeable;
import java.util.OptionalDouble;

/**
 * Additive sums over a group of visitors (all, or one segment's), in fixed point so that adding and
 * later subtracting a visitor's share leaves exactly what was there: no drift, however often
 * visitors change. A single visitor's share is a ForecastSums with {@code visitors = 1}.
 *
 * <p>Units: money in thousandths of the currency unit ({@link #MONEY}), variance in thousandths of
 * the currency unit squared, probabilities in millionths ({@link #CHANCE}). A visitor's variance
 * share is at most v²/4, so a long holds a million visitors with carts of 100,000 each.
 *
 * @param visitors visitors counted
 * @param valued of them, those with their own expected order value (cart or history)
 * @param chance Σ p over all of them: the expected number of buyers
 * @param expected Σ p·v over the valued visitors
 * @param variance Σ p(1−p)v² over the valued visitors
 * @param unvaluedChance Σ p over the others (valued at the buyers' average when read)
 * @param unvaluedVariance Σ p(1−p) over the others
 * @param buyerSpend Σ lifetime spend of the visitors who bought (for the buyers' average)
 * @param buyerOrders Σ orders of the visitors who bought
 */
@Serdeable
public record ForecastSums(
    long visitors,
    long valued,
    long chance,
    long expected,
    long variance,
    long unvaluedChance,
    long unvaluedVariance,
    long buyerSpend,
    long buyerOrders) {

  /** Fixed-point scale of money and variance: thousandths. */
  public static final double MONEY = 1_000;

  /** Fixed-point scale of probabilities: millionths. */
  public static final double CHANCE = 1_000_000;

  public static final ForecastSums NONE = new ForecastSums(0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** One published profile's share: its propensity (0 without one) and expected order value. */
  public static ForecastSums shareOf(ProspectProfile profile) {
    double p = profile.getPropensity() == null ? 0 : profile.getPropensity().getPurchase7d();
    OptionalDouble own = ExpectedOrderValue.ownOf(profile);
    int orders = profile.getActivity().getPurchases();
    long spend = orders > 0 ? fixed(profile.getRfm().getMonetary(), MONEY) : 0;
    if (own.isPresent()) {
      double v = own.getAsDouble();
      return new ForecastSums(
          1,
          1,
          fixed(p, CHANCE),
          fixed(p * v, MONEY),
          fixed(p * (1 - p) * v * v, MONEY),
          0,
          0,
          spend,
          orders);
    }
    return new ForecastSums(
        1, 0, fixed(p, CHANCE), 0, 0, fixed(p, CHANCE), fixed(p * (1 - p), CHANCE), spend, orders);
  }

  public ForecastSums plus(ForecastSums o) {
    return new ForecastSums(
        visitors + o.visitors,
        valued + o.valued,
        chance + o.chance,
        expected + o.expected,
        variance + o.variance,
        unvaluedChance + o.unvaluedChance,
        unvaluedVariance + o.unvaluedVariance,
        buyerSpend + o.buyerSpend,
        buyerOrders + o.buyerOrders);
  }

  public ForecastSums minus(ForecastSums o) {
    return new ForecastSums(
        visitors - o.visitors,
        valued - o.valued,
        chance - o.chance,
        expected - o.expected,
        variance - o.variance,
        unvaluedChance - o.unvaluedChance,
        unvaluedVariance - o.unvaluedVariance,
        buyerSpend - o.buyerSpend,
        buyerOrders - o.buyerOrders);
  }

  /** The buyers' average order value; empty with no buyers. */
  public OptionalDouble averageOrderValue() {
    return buyerOrders == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of(buyerSpend / MONEY / buyerOrders);
  }

  /** Rounded once per visitor share, and the same long is subtracted later. */
  private static long fixed(double value, double scale) {
    return Math.round(value * scale);
  }
}
