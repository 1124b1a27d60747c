package io.leadpipe.ingest.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.ingest.testing.EcommerceSpec;
import io.leadpipe.schemas.web.WebEventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EcommerceEventsTest {

  @ParameterizedTest
  @CsvSource({
    "Products Searched, SEARCH",
    "Product List Viewed, PRODUCT_LIST_VIEW",
    "Product Viewed, PRODUCT_VIEW",
    "Product Added, CART_ADD",
    "Product Removed, CART_REMOVE",
    "Cart Viewed, CART_VIEW",
    "Checkout Started, CHECKOUT_STARTED",
    "Checkout Step Viewed, CHECKOUT_STEP",
    "Checkout Step Completed, CHECKOUT_STEP",
    "Payment Info Entered, PAYMENT_INFO_ENTERED",
    "Order Completed, PURCHASE",
    "Order Refunded, ORDER_REFUNDED",
    "Coupon Entered, COUPON_SEARCH",
    "Coupon Applied, COUPON_APPLIED",
    "Coupon Denied, COUPON_DENIED",
    "Product Shared, PRODUCT_SHARED",
    "Review Read, REVIEW_READ",
    "Shipping Info Viewed, SHIPPING_INFO_VIEWED",
    "Coupon Searched, COUPON_SEARCH",
    "Price Compared, PRICE_COMPARISON",
    "Size Guide Viewed, SIZE_GUIDE_VIEWED",
    "Returns Viewed, RETURNS_VIEWED",
    "Warranty Viewed, WARRANTY_VIEWED",
    "Specifications Viewed, SPECIFICATIONS_VIEWED",
    "Signed Up, SIGNUP",
    "Newsletter Subscribed, NEWSLETTER_SIGNUP",
    "Unsubscribed, UNSUBSCRIBE",
    "Form Error, FORM_ERROR",
    "Feedback Submitted, FEEDBACK_ANSWER"
  })
  void specAndLeadpipeNamesMapToTheirKind(String name, WebEventType type) {
    assertThat(EcommerceEvents.typeOf(name)).isEqualTo(type);
  }

  @ParameterizedTest
  @CsvSource({
    "product_viewed, PRODUCT_VIEW",
    "ORDER COMPLETED, PURCHASE",
    "  checkout-step-viewed , CHECKOUT_STEP"
  })
  void caseAndSeparatorsDoNotMatter(String name, WebEventType type) {
    assertThat(EcommerceEvents.typeOf(name)).isEqualTo(type);
  }

  @ParameterizedTest
  @CsvSource({"Video Played", "Wishlist Opened", "Review Written"})
  void unknownNamesAreCustom(String name) {
    assertThat(EcommerceEvents.typeOf(name)).isEqualTo(WebEventType.CUSTOM);
  }

  @Test
  void everyEventOfTheSpecV2HasItsKind() {
    assertThat(EcommerceSpec.EVENTS).hasSize(28);
    EcommerceSpec.EVENTS.forEach(
        (name, type) -> assertThat(EcommerceEvents.typeOf(name)).as(name).isEqualTo(type));
  }
}
