package io.leadpipe.hesitation.reason;

import static io.leadpipe.schemas.common.HesitationReason.PRICE;
import static io.leadpipe.schemas.common.HesitationReason.QUALITY;
import static io.leadpipe.schemas.common.HesitationReason.REVIEWS;
import static io.leadpipe.schemas.common.HesitationReason.SHIPPING;

import io.leadpipe.schemas.common.HesitationReason;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The reason rules as configuration: which reason each behaviour supports and with what weight,
 * when a reason counts at all, and the thresholds that turn raw events into behaviours.
 *
 * @param rules behaviour → (reason, weight 0..1); a behaviour without a rule is ignored
 * @param minConfidence a reason below this is not reported; with none left the reason is UNKNOWN
 * @param maxCountedPerSignal at most this many occurrences of one behaviour count (ten coupon
 *     searches are not ten independent hints)
 * @param lookback only behaviour this long before the visitor's last activity counts
 * @param shippingJumpRatio SHIPPING_TOTAL_JUMP when the total rises by at least this share at a
 *     step that adds shipping (0.15 = +15 %)
 * @param cheaperVariantRatio CHEAPER_VARIANT_VIEWED when a product of the same category (or another
 *     variant of the same product) costs at most this share of the one considered
 * @param discountSearchTerms a shop search containing one of these words (whole words) counts as
 *     COUPON_SEARCH
 * @param questionMarkers a social mention, comment or message about a product containing one of
 *     these is a SOCIAL_QUESTION
 * @param pageSignals page path prefix → behaviour, for shops that track pages rather than named
 *     events
 * @param shippingStepNames checkout step names that mean "shipping" (LEFT_AT_SHIPPING_STEP,
 *     SHIPPING_TOTAL_JUMP)
 */
public record ReasonRules(
    Map<BehaviourSignal, ReasonRule> rules,
    double minConfidence,
    int maxCountedPerSignal,
    Duration lookback,
    double shippingJumpRatio,
    double cheaperVariantRatio,
    List<String> discountSearchTerms,
    List<String> questionMarkers,
    Map<String, BehaviourSignal> pageSignals,
    List<String> shippingStepNames) {

  /** One rule: this behaviour supports {@code reason} with {@code weight} (0..1). */
  public record ReasonRule(HesitationReason reason, double weight) {
    public ReasonRule {
      Objects.requireNonNull(reason, "reason");
      if (reason == HesitationReason.UNKNOWN) {
        throw new IllegalArgumentException(
            "UNKNOWN is what is left when no rule passes, not a rule target");
      }
      if (!(weight >= 0 && weight <= 1)) {
        throw new IllegalArgumentException("weight must be within 0..1, was " + weight);
      }
    }
  }

  public ReasonRules {
    rules = Map.copyOf(rules);
    if (!(minConfidence > 0 && minConfidence <= 1)) {
      throw new IllegalArgumentException(
          "minConfidence must be within (0, 1], was " + minConfidence);
    }
    if (maxCountedPerSignal < 1) {
      throw new IllegalArgumentException("maxCountedPerSignal must be at least 1");
    }
    if (lookback.isNegative() || lookback.isZero()) {
      throw new IllegalArgumentException("lookback must be positive");
    }
    if (shippingJumpRatio <= 0) {
      throw new IllegalArgumentException("shippingJumpRatio must be positive");
    }
    if (!(cheaperVariantRatio > 0 && cheaperVariantRatio < 1)) {
      throw new IllegalArgumentException("cheaperVariantRatio must be within (0, 1)");
    }
    discountSearchTerms = lowerCase(discountSearchTerms);
    questionMarkers = lowerCase(questionMarkers);
    pageSignals = Map.copyOf(pageSignals);
    shippingStepNames = lowerCase(shippingStepNames);
  }

  /**
   * Defaults: a price comparison or a shipping cost jump says more than a page visited; one
   * behaviour alone reaches the 0.3 threshold only when its weight does, two weak ones together
   * pass it.
   */
  public static ReasonRules defaults() {
    Map<BehaviourSignal, ReasonRule> rules = new EnumMap<>(BehaviourSignal.class);
    rules.put(BehaviourSignal.COUPON_SEARCH, new ReasonRule(PRICE, 0.5));
    rules.put(BehaviourSignal.COUPON_DENIED, new ReasonRule(PRICE, 0.5));
    rules.put(BehaviourSignal.PRICE_COMPARISON, new ReasonRule(PRICE, 0.6));
    rules.put(BehaviourSignal.REMOVED_AFTER_TOTAL, new ReasonRule(PRICE, 0.5));
    rules.put(BehaviourSignal.CHEAPER_VARIANT_VIEWED, new ReasonRule(PRICE, 0.4));
    rules.put(BehaviourSignal.REPEATED_PRICE_CHECKS, new ReasonRule(PRICE, 0.4));
    rules.put(BehaviourSignal.REVIEW_READ, new ReasonRule(REVIEWS, 0.4));
    rules.put(BehaviourSignal.SOCIAL_QUESTION, new ReasonRule(REVIEWS, 0.5));
    rules.put(BehaviourSignal.SPECIFICATIONS_VIEWED, new ReasonRule(QUALITY, 0.3));
    rules.put(BehaviourSignal.SIZE_GUIDE_VIEWED, new ReasonRule(QUALITY, 0.3));
    rules.put(BehaviourSignal.RETURNS_VIEWED, new ReasonRule(QUALITY, 0.4));
    rules.put(BehaviourSignal.WARRANTY_VIEWED, new ReasonRule(QUALITY, 0.4));
    rules.put(BehaviourSignal.SHIPPING_INFO_VIEWED, new ReasonRule(SHIPPING, 0.4));
    rules.put(BehaviourSignal.LEFT_AT_SHIPPING_STEP, new ReasonRule(SHIPPING, 0.5));
    rules.put(BehaviourSignal.SHIPPING_TOTAL_JUMP, new ReasonRule(SHIPPING, 0.6));
    Map<String, BehaviourSignal> pages = new LinkedHashMap<>();
    pages.put("/shipping", BehaviourSignal.SHIPPING_INFO_VIEWED);
    pages.put("/delivery", BehaviourSignal.SHIPPING_INFO_VIEWED);
    pages.put("/returns", BehaviourSignal.RETURNS_VIEWED);
    pages.put("/warranty", BehaviourSignal.WARRANTY_VIEWED);
    pages.put("/size-guide", BehaviourSignal.SIZE_GUIDE_VIEWED);
    pages.put("/reviews", BehaviourSignal.REVIEW_READ);
    return new ReasonRules(
        rules,
        0.3,
        3,
        Duration.ofDays(7),
        0.15,
        0.9,
        List.of(
            "coupon",
            "coupons",
            "discount",
            "promo",
            "voucher",
            "sale",
            "cheap",
            "cheaper",
            "deal",
            "deals"),
        List.of("?", "anyone", "worth it", "review", "legit"),
        pages,
        List.of("shipping", "delivery"));
  }

  /** A copy with one behaviour's rule replaced (or added). */
  public ReasonRules withRule(BehaviourSignal signal, ReasonRule rule) {
    Map<BehaviourSignal, ReasonRule> changed = new EnumMap<>(BehaviourSignal.class);
    changed.putAll(rules);
    changed.put(signal, rule);
    return new ReasonRules(
        changed,
        minConfidence,
        maxCountedPerSignal,
        lookback,
        shippingJumpRatio,
        cheaperVariantRatio,
        discountSearchTerms,
        questionMarkers,
        pageSignals,
        shippingStepNames);
  }

  /** A copy with another reporting threshold. */
  public ReasonRules withMinConfidence(double threshold) {
    return new ReasonRules(
        rules,
        threshold,
        maxCountedPerSignal,
        lookback,
        shippingJumpRatio,
        cheaperVariantRatio,
        discountSearchTerms,
        questionMarkers,
        pageSignals,
        shippingStepNames);
  }

  public boolean isShippingStep(String stepName) {
    return stepName != null && shippingStepNames.contains(stepName.trim().toLowerCase(Locale.ROOT));
  }

  private static List<String> lowerCase(List<String> words) {
    return words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
  }
}
