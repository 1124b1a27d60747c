package io.leadpipe.hesitation.reason;

/**
 * A behaviour before leaving that hints at why a buyer held back. Which reason each one supports,
 * and how strongly, is configuration ({@link ReasonRules}); the defaults follow the names.
 */
public enum BehaviourSignal {
  /** Searched for a coupon or typed a discount word into the shop search. */
  COUPON_SEARCH,
  /** Tried a coupon that was refused. */
  COUPON_DENIED,
  PRICE_COMPARISON,
  /** Removed an item after the cart or checkout had shown the total. */
  REMOVED_AFTER_TOTAL,
  /** Viewed a clearly cheaper product of the same kind as the one considered. */
  CHEAPER_VARIANT_VIEWED,
  /** Came back to the same price in several sessions (price watching). */
  REPEATED_PRICE_CHECKS,
  REVIEW_READ,
  /** Asked about a product on a social network (a question in a mention, comment or message). */
  SOCIAL_QUESTION,
  SPECIFICATIONS_VIEWED,
  SIZE_GUIDE_VIEWED,
  RETURNS_VIEWED,
  WARRANTY_VIEWED,
  SHIPPING_INFO_VIEWED,
  /** The furthest checkout step reached was the shipping step. */
  LEFT_AT_SHIPPING_STEP,
  /** The total rose markedly when shipping was added. */
  SHIPPING_TOTAL_JUMP
}
