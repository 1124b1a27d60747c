package io.leadpipe.ingest.testing;

import io.leadpipe.schemas.web.WebEventType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Segment's e-commerce spec v2, all 28 events in its seven groups, with the kind each maps to: the
 * list the mapping test and the API integration test both check, so neither can miss one.
 */
public final class EcommerceSpec {

  /** Event name → kind, in the spec's order. */
  public static final Map<String, WebEventType> EVENTS = events();

  private EcommerceSpec() {}

  private static Map<String, WebEventType> events() {
    Map<String, WebEventType> m = new LinkedHashMap<>();
    // browsing
    m.put("Products Searched", WebEventType.SEARCH);
    m.put("Product List Viewed", WebEventType.PRODUCT_LIST_VIEW);
    m.put("Product List Filtered", WebEventType.PRODUCT_LIST_FILTERED);
    // promotions
    m.put("Promotion Viewed", WebEventType.PROMOTION_VIEWED);
    m.put("Promotion Clicked", WebEventType.PROMOTION_CLICKED);
    // ordering
    m.put("Product Clicked", WebEventType.PRODUCT_CLICKED);
    m.put("Product Viewed", WebEventType.PRODUCT_VIEW);
    m.put("Product Added", WebEventType.CART_ADD);
    m.put("Product Removed", WebEventType.CART_REMOVE);
    m.put("Cart Viewed", WebEventType.CART_VIEW);
    m.put("Checkout Started", WebEventType.CHECKOUT_STARTED);
    m.put("Checkout Step Viewed", WebEventType.CHECKOUT_STEP);
    m.put("Checkout Step Completed", WebEventType.CHECKOUT_STEP);
    m.put("Payment Info Entered", WebEventType.PAYMENT_INFO_ENTERED);
    m.put("Order Completed", WebEventType.PURCHASE);
    m.put("Order Updated", WebEventType.ORDER_UPDATED);
    m.put("Order Refunded", WebEventType.ORDER_REFUNDED);
    m.put("Order Cancelled", WebEventType.ORDER_CANCELLED);
    // coupons
    m.put("Coupon Entered", WebEventType.COUPON_SEARCH);
    m.put("Coupon Applied", WebEventType.COUPON_APPLIED);
    m.put("Coupon Denied", WebEventType.COUPON_DENIED);
    m.put("Coupon Removed", WebEventType.COUPON_REMOVED);
    // wishlisting
    m.put("Product Added to Wishlist", WebEventType.WISHLIST_ADD);
    m.put("Product Removed from Wishlist", WebEventType.WISHLIST_REMOVE);
    m.put("Wishlist Product Added to Cart", WebEventType.CART_ADD);
    // sharing
    m.put("Product Shared", WebEventType.PRODUCT_SHARED);
    m.put("Cart Shared", WebEventType.CART_SHARED);
    // reviewing
    m.put("Product Reviewed", WebEventType.PRODUCT_REVIEWED);
    return Collections.unmodifiableMap(m);
  }
}
