package io.leadpipe.hesitation;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * When a visitor counts as hesitating, and when a hesitation is over.
 *
 * @param cartIdle CART_ABANDONED after this long without activity (Shopify's abandoned checkout: 1
 *     h)
 * @param checkoutIdle CHECKOUT_ABANDONED after this long without activity
 * @param browseIdle BROWSE_ABANDONED after this long without activity
 * @param priceWatchingIdle PRICE_WATCHING after this long without activity
 * @param browseMinViews BROWSE_ABANDONED needs one product viewed at least this often ...
 * @param browseWindow ... within this window, without adding it to the cart
 * @param priceWatchingMinSessions PRICE_WATCHING needs the same product or a pricing page in this
 *     many sessions ...
 * @param priceWatchingWindow ... within this window
 * @param pricingPaths page path prefixes that are pricing pages
 * @param sessionGap a new session starts after this long without activity
 * @param notQualifiedAfter a cart or checkout hesitation whose cart was emptied is CLOSED
 *     (NOT_QUALIFIED) after this long without activity
 * @param maxAge an open hesitation with no activity for this long after detection is CLOSED
 *     (EXPIRED)
 * @param retention a visitor with no open hesitation and nothing qualifying is forgotten after this
 *     long without activity (bounds the state)
 */
public record DetectionRules(
    Duration cartIdle,
    Duration checkoutIdle,
    Duration browseIdle,
    Duration priceWatchingIdle,
    int browseMinViews,
    Duration browseWindow,
    int priceWatchingMinSessions,
    Duration priceWatchingWindow,
    List<String> pricingPaths,
    Duration sessionGap,
    Duration notQualifiedAfter,
    Duration maxAge,
    Duration retention) {

  public DetectionRules {
    for (Duration d :
        List.of(
            cartIdle,
            checkoutIdle,
            browseIdle,
            priceWatchingIdle,
            browseWindow,
            priceWatchingWindow,
            sessionGap,
            notQualifiedAfter,
            maxAge,
            retention)) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("detection windows must be positive, got " + d);
      }
    }
    if (browseMinViews < 2 || priceWatchingMinSessions < 2) {
      throw new IllegalArgumentException(
          "browseMinViews and priceWatchingMinSessions must be at least 2");
    }
    if (retention.compareTo(priceWatchingWindow) < 0 || retention.compareTo(browseWindow) < 0) {
      // Forgetting a visitor earlier would drop views that still count towards a kind.
      throw new IllegalArgumentException(
          "retention must cover the browse and price-watching windows");
    }
    pricingPaths = pricingPaths.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
  }

  /**
   * Shopify sends its abandoned checkout email after 1 h; Klaviyo's flows default to similar
   * hour-scale delays for carts and a few hours for browsing. Browse: 3 views in 7 days; price
   * watching: 3 sessions in 14 days.
   */
  public static DetectionRules defaults() {
    return new DetectionRules(
        Duration.ofHours(1),
        Duration.ofHours(1),
        Duration.ofHours(2),
        Duration.ofHours(2),
        3,
        Duration.ofDays(7),
        3,
        Duration.ofDays(14),
        List.of("/pricing", "/prices"),
        Duration.ofMinutes(30),
        Duration.ofHours(1),
        Duration.ofDays(14),
        Duration.ofDays(14));
  }

  /**
   * Seconds instead of hours, for the local demo and integration tests; counts and proportions as
   * by default.
   */
  public static DetectionRules fastDemo() {
    return new DetectionRules(
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofSeconds(15),
        Duration.ofSeconds(15),
        3,
        Duration.ofMinutes(10),
        3,
        Duration.ofMinutes(20),
        List.of("/pricing", "/prices"),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofMinutes(5),
        Duration.ofMinutes(30));
  }

  /** A copy with the same idle window for every kind (tests and benchmarks). */
  public DetectionRules withIdle(Duration idle) {
    return new DetectionRules(
        idle,
        idle,
        idle,
        idle,
        browseMinViews,
        browseWindow,
        priceWatchingMinSessions,
        priceWatchingWindow,
        pricingPaths,
        sessionGap,
        notQualifiedAfter,
        maxAge,
        retention);
  }

  boolean isPricingPage(String path) {
    if (path == null) {
      return false;
    }
    String lower = path.toLowerCase(Locale.ROOT);
    return pricingPaths.stream().anyMatch(lower::startsWith);
  }
}
