package io.leadpipe.scoring.propensity;

import io.leadpipe.schemas.profile.ProspectProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * profile at its evaluation time → the fixed, versioned feature list of the purchase model. Only
 * what the profile says as of {@code evaluatedAt} (or {@code updatedAt}) is used, so a snapshot's
 * features never contain anything from after its time. Each value is scaled to about 0..1 so one
 * learning rate suits all weights. Changing a feature changes {@link #FEATURE_SET}: examples and
 * models of another set are not mixed.
 */
public final class PropensityFeatures {

  /** The name of this feature list; bump it when a feature is added, removed or rescaled. */
  public static final String FEATURE_SET = "profile-v1";

  /** Feature names, in the order of the values (also the factor names a prediction shows). */
  public static final List<String> NAMES =
      List.of(
          "engagement",
          "fit",
          "purchases",
          "recent purchase",
          "cart",
          "cart value",
          "checkout started",
          "product views",
          "sessions",
          "recently seen",
          "hesitating",
          "coupon searches",
          "reviews read");

  /** A purchase this many days ago counts e^-1 as much as one today. */
  static final double PURCHASE_RECENCY_DAYS = 30;

  /** Last seen this many days ago counts e^-1 as much as seen now. */
  static final double SEEN_RECENCY_DAYS = 7;

  /** Counts and amounts are log-scaled so that this many (or this much) gives 1. */
  static final double PURCHASES_FOR_ONE = 10;

  static final double CART_VALUE_FOR_ONE = 1_000;
  static final double PRODUCT_VIEWS_FOR_ONE = 100;
  static final double SESSIONS_FOR_ONE = 50;

  /** Engagement beyond this adds nothing (it is about 0..100 for nearly everybody). */
  static final double ENGAGEMENT_CAP = 100;

  private static final double MS_PER_DAY = Duration.ofDays(1).toMillis();

  private PropensityFeatures() {}

  /** The time the profile's values hold at: the moment its features describe. */
  public static Instant timeOf(ProspectProfile p) {
    return p.getEvaluatedAt() == null ? p.getUpdatedAt() : p.getEvaluatedAt();
  }

  public static double[] of(ProspectProfile p) {
    Instant at = timeOf(p);
    var a = p.getActivity();
    double[] x = new double[NAMES.size()];
    x[0] = Math.min(Math.max(p.getEngagement().getValue(), 0), ENGAGEMENT_CAP) / ENGAGEMENT_CAP;
    x[1] = clamp01(p.getFit().getValue() / 100);
    x[2] = logScaled(a.getPurchases(), PURCHASES_FOR_ONE);
    x[3] =
        a.getLastPurchaseAt() == null
            ? 0
            : Math.exp(-days(a.getLastPurchaseAt(), at) / PURCHASE_RECENCY_DAYS);
    x[4] = a.getCart().isEmpty() ? 0 : 1;
    x[5] = logScaled(a.getCartValue(), CART_VALUE_FOR_ONE);
    x[6] = a.getCheckoutsStarted() > 0 ? 1 : 0;
    x[7] = logScaled(a.getProductViews(), PRODUCT_VIEWS_FOR_ONE);
    x[8] = logScaled(a.getSessions(), SESSIONS_FOR_ONE);
    x[9] = Math.exp(-days(p.getLastSeen(), at) / SEEN_RECENCY_DAYS);
    x[10] = p.getCurrentHesitation() == null ? 0 : 1;
    x[11] = a.getCouponSearches() > 0 ? 1 : 0;
    x[12] = a.getReviewsRead() > 0 ? 1 : 0;
    return x;
  }

  /** Days from {@code from} to {@code at}; never negative (a clock behind an event is "now"). */
  private static double days(Instant from, Instant at) {
    return Math.max(0, (at.toEpochMilli() - from.toEpochMilli()) / MS_PER_DAY);
  }

  private static double logScaled(double value, double forOne) {
    return Math.log1p(Math.max(0, value)) / Math.log1p(forOne);
  }

  private static double clamp01(double v) {
    return Math.min(1, Math.max(0, v));
  }
}
