package io.leadpipe.hesitation.reason;

import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.social.SocialKind;
import io.leadpipe.schemas.web.CheckoutStepInfo;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEvent;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the behaviours that hint at a reason out of single events (tracked names → types as ingest
 * maps them: "Coupon Searched"/"Coupon Entered" → COUPON_SEARCH, "Price Compared" →
 * PRICE_COMPARISON, "Review Read", "Shipping Info Viewed", "Size Guide Viewed", "Returns Viewed",
 * "Warranty Viewed", "Specifications Viewed"). Behaviours that need what came before (a removal
 * after the total was shown, a cheaper variant, a total that jumped at shipping) take the {@link
 * ShoppingContext}.
 */
public final class SignalReader {

  private static final Set<SocialKind> CONVERSATIONS =
      Set.of(SocialKind.MENTION, SocialKind.COMMENT, SocialKind.MESSAGE);
  private static final int MAX_DETAIL = 120;
  private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private final ReasonRules rules;

  public SignalReader(ReasonRules rules) {
    this.rules = rules;
  }

  public Optional<Observation> read(WebEvent e, ShoppingContext before) {
    return switch (e.getType()) {
      case COUPON_SEARCH ->
          observe(
              BehaviourSignal.COUPON_SEARCH,
              e,
              firstNonNull(e.getQuery(), e.getOrder() == null ? null : e.getOrder().getCoupon()));
      case COUPON_DENIED ->
          observe(
              BehaviourSignal.COUPON_DENIED,
              e,
              e.getOrder() == null ? null : e.getOrder().getCoupon());
      case SEARCH ->
          isDiscountSearch(e.getQuery())
              ? observe(BehaviourSignal.COUPON_SEARCH, e, "search '" + e.getQuery() + "'")
              : Optional.empty();
      case PRICE_COMPARISON ->
          observe(BehaviourSignal.PRICE_COMPARISON, e, productName(e.getProduct()));
      case CART_REMOVE ->
          before.totalSeen()
              ? observe(BehaviourSignal.REMOVED_AFTER_TOTAL, e, productName(e.getProduct()))
              : Optional.empty();
      case PRODUCT_VIEW -> cheaperAlternative(e, before);
      case REVIEW_READ -> observe(BehaviourSignal.REVIEW_READ, e, productName(e.getProduct()));
      case SPECIFICATIONS_VIEWED ->
          observe(BehaviourSignal.SPECIFICATIONS_VIEWED, e, productName(e.getProduct()));
      case SIZE_GUIDE_VIEWED ->
          observe(BehaviourSignal.SIZE_GUIDE_VIEWED, e, productName(e.getProduct()));
      case RETURNS_VIEWED ->
          observe(BehaviourSignal.RETURNS_VIEWED, e, productName(e.getProduct()));
      case WARRANTY_VIEWED ->
          observe(BehaviourSignal.WARRANTY_VIEWED, e, productName(e.getProduct()));
      case SHIPPING_INFO_VIEWED -> observe(BehaviourSignal.SHIPPING_INFO_VIEWED, e, null);
      case PAGE_VIEW -> pageSignal(e);
      case CHECKOUT_STARTED, CHECKOUT_STEP, PAYMENT_INFO_ENTERED -> shippingJump(e, before);
      default -> Optional.empty();
    };
  }

  /** A question about the product on a social network: others' opinions matter to this visitor. */
  public Optional<Observation> read(SocialEvent e, ShoppingContext before) {
    if (!CONVERSATIONS.contains(e.getKind())
        || e.getText() == null
        || !containsAny(e.getText(), rules.questionMarkers())) {
      return Optional.empty();
    }
    boolean aboutAnotherProduct =
        e.getProductId() != null
            && !before.considered().isEmpty()
            && before.considered().stream().noneMatch(p -> e.getProductId().equals(p.productId()));
    if (aboutAnotherProduct) {
      return Optional.empty();
    }
    return Optional.of(
        new Observation(
            BehaviourSignal.SOCIAL_QUESTION,
            e.getEventTime(),
            e.getMessageId(),
            truncate(
                e.getNetwork()
                    + " "
                    + e.getKind().name().toLowerCase(Locale.ROOT)
                    + ": "
                    + e.getText())));
  }

  /** Whole words only, so "sale" matches "shoes on sale" but not "wholesale". */
  private boolean isDiscountSearch(String query) {
    if (query == null) {
      return false;
    }
    String words = " " + NOT_A_WORD.matcher(query.toLowerCase(Locale.ROOT)).replaceAll(" ") + " ";
    return rules.discountSearchTerms().stream().anyMatch(term -> words.contains(" " + term + " "));
  }

  private Optional<Observation> pageSignal(WebEvent e) {
    String path = e.getContext() == null ? null : e.getContext().getPagePath();
    if (path == null) {
      return Optional.empty();
    }
    String lower = path.toLowerCase(Locale.ROOT);
    return rules.pageSignals().entrySet().stream()
        .filter(p -> lower.startsWith(p.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .flatMap(signal -> observe(signal, e, path));
  }

  /**
   * A product of the same category, or another variant of the same product, clearly cheaper than
   * one considered.
   */
  private Optional<Observation> cheaperAlternative(WebEvent e, ShoppingContext before) {
    Product p = e.getProduct();
    if (p == null || p.getPrice() == null) {
      return Optional.empty();
    }
    return before.considered().stream()
        .filter(c -> isAlternative(p, c) && p.getPrice() <= c.price() * rules.cheaperVariantRatio())
        .findFirst()
        .flatMap(
            c ->
                observe(
                    BehaviourSignal.CHEAPER_VARIANT_VIEWED,
                    e,
                    String.format(
                        Locale.ROOT,
                        "%s at %.2f instead of %s at %.2f",
                        productName(p),
                        p.getPrice(),
                        c.name(),
                        c.price())));
  }

  private static boolean isAlternative(Product p, ShoppingContext.ConsideredProduct c) {
    boolean sameProduct = p.getProductId() != null && p.getProductId().equals(c.productId());
    if (sameProduct) {
      return p.getVariant() != null && !p.getVariant().equals(c.variant());
    }
    return p.getCategory() != null && p.getCategory().equalsIgnoreCase(c.category());
  }

  /**
   * At a step that adds shipping, the total rose by at least the configured share over the last one
   * seen.
   */
  private Optional<Observation> shippingJump(WebEvent e, ShoppingContext before) {
    OrderInfo order = e.getOrder();
    CheckoutStepInfo step = e.getCheckout();
    if (order == null
        || order.getTotal() == null
        || before.lastTotal() == null
        || before.lastTotal() <= 0) {
      return Optional.empty();
    }
    boolean addsShipping =
        order.getShipping() != null && order.getShipping() > 0
            || step != null && rules.isShippingStep(step.getStepName());
    double rise = order.getTotal() - before.lastTotal();
    if (!addsShipping || rise < before.lastTotal() * rules.shippingJumpRatio()) {
      return Optional.empty();
    }
    return observe(
        BehaviourSignal.SHIPPING_TOTAL_JUMP,
        e,
        String.format(
            Locale.ROOT,
            "total %.2f -> %.2f%s",
            before.lastTotal(),
            order.getTotal(),
            order.getShipping() == null
                ? ""
                : String.format(Locale.ROOT, " (shipping %.2f)", order.getShipping())));
  }

  private static Optional<Observation> observe(BehaviourSignal signal, WebEvent e, String detail) {
    return Optional.of(
        new Observation(signal, e.getEventTime(), e.getMessageId(), truncate(detail)));
  }

  private static boolean containsAny(String text, List<String> words) {
    String lower = text.toLowerCase(Locale.ROOT);
    return words.stream().anyMatch(lower::contains);
  }

  private static String productName(Product p) {
    if (p == null) {
      return null;
    }
    return firstNonNull(p.getName(), p.getProductId(), p.getSku());
  }

  private static String firstNonNull(String... values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static String truncate(String s) {
    return s == null || s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL - 1) + "…";
  }
}
