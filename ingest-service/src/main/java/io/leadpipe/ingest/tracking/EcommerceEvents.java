package io.leadpipe.ingest.tracking;

import io.leadpipe.schemas.web.WebEventType;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Track event names → the contract's {@link WebEventType}: Segment's e-commerce spec names plus
 * leadpipe's names for the signals the spec lacks (shipping info, coupon search, price comparison,
 * ...). Matching ignores case and treats spaces, underscores and dashes alike, so "Product Viewed",
 * "product_viewed" and "product-viewed" are one event. Names not listed are kept as CUSTOM.
 *
 * <p>All 28 events of the spec's seven groups (browsing, promotions, ordering, coupons,
 * wishlisting, sharing, reviewing) have a kind. "Product Reviewed" (the visitor wrote a review) is
 * PRODUCT_REVIEWED, not REVIEW_READ: reading reviews is a doubt about other customers' opinions,
 * writing one is not. "Coupon Entered" is a coupon search: the visitor is looking for a discount,
 * as with Coupon Searched. "Wishlist Product Added to Cart" puts the product in the cart, so it is
 * a CART_ADD (the name it came with is kept on the event).
 */
public final class EcommerceEvents {

  private static final Pattern SEPARATORS = Pattern.compile("[\\s_\\-]+");

  private static final Map<String, WebEventType> BY_NAME =
      Map.ofEntries(
          // Segment e-commerce spec v2: browsing
          entry("Products Searched", WebEventType.SEARCH),
          entry("Product List Viewed", WebEventType.PRODUCT_LIST_VIEW),
          entry("Product List Filtered", WebEventType.PRODUCT_LIST_FILTERED),
          // promotions
          entry("Promotion Viewed", WebEventType.PROMOTION_VIEWED),
          entry("Promotion Clicked", WebEventType.PROMOTION_CLICKED),
          // ordering
          entry("Product Clicked", WebEventType.PRODUCT_CLICKED),
          entry("Product Viewed", WebEventType.PRODUCT_VIEW),
          entry("Product Added", WebEventType.CART_ADD),
          entry("Product Removed", WebEventType.CART_REMOVE),
          entry("Cart Viewed", WebEventType.CART_VIEW),
          entry("Checkout Started", WebEventType.CHECKOUT_STARTED),
          entry("Checkout Step Viewed", WebEventType.CHECKOUT_STEP),
          entry("Checkout Step Completed", WebEventType.CHECKOUT_STEP),
          entry("Payment Info Entered", WebEventType.PAYMENT_INFO_ENTERED),
          entry("Order Completed", WebEventType.PURCHASE),
          entry("Order Updated", WebEventType.ORDER_UPDATED),
          entry("Order Refunded", WebEventType.ORDER_REFUNDED),
          entry("Order Cancelled", WebEventType.ORDER_CANCELLED),
          // coupons
          entry("Coupon Entered", WebEventType.COUPON_SEARCH),
          entry("Coupon Applied", WebEventType.COUPON_APPLIED),
          entry("Coupon Denied", WebEventType.COUPON_DENIED),
          entry("Coupon Removed", WebEventType.COUPON_REMOVED),
          // wishlisting
          entry("Product Added to Wishlist", WebEventType.WISHLIST_ADD),
          entry("Product Removed from Wishlist", WebEventType.WISHLIST_REMOVE),
          entry("Wishlist Product Added to Cart", WebEventType.CART_ADD),
          // sharing
          entry("Product Shared", WebEventType.PRODUCT_SHARED),
          entry("Cart Shared", WebEventType.CART_SHARED),
          // reviewing
          entry("Product Reviewed", WebEventType.PRODUCT_REVIEWED),
          // leadpipe names for the signals of hesitating buyers
          entry("Review Read", WebEventType.REVIEW_READ),
          entry("Shipping Info Viewed", WebEventType.SHIPPING_INFO_VIEWED),
          entry("Coupon Searched", WebEventType.COUPON_SEARCH),
          entry("Price Compared", WebEventType.PRICE_COMPARISON),
          entry("Size Guide Viewed", WebEventType.SIZE_GUIDE_VIEWED),
          entry("Returns Viewed", WebEventType.RETURNS_VIEWED),
          entry("Warranty Viewed", WebEventType.WARRANTY_VIEWED),
          entry("Specifications Viewed", WebEventType.SPECIFICATIONS_VIEWED),
          entry("Signed Up", WebEventType.SIGNUP),
          entry("Newsletter Subscribed", WebEventType.NEWSLETTER_SIGNUP),
          entry("Unsubscribed", WebEventType.UNSUBSCRIBE),
          entry("Form Error", WebEventType.FORM_ERROR),
          entry("Feedback Submitted", WebEventType.FEEDBACK_ANSWER));

  private EcommerceEvents() {}

  public static WebEventType typeOf(String eventName) {
    return BY_NAME.getOrDefault(normalize(eventName), WebEventType.CUSTOM);
  }

  private static Map.Entry<String, WebEventType> entry(String name, WebEventType type) {
    return Map.entry(normalize(name), type);
  }

  private static String normalize(String name) {
    return SEPARATORS.matcher(name.trim().toLowerCase(Locale.ROOT)).replaceAll(" ");
  }
}
