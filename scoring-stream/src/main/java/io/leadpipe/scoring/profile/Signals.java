package io.leadpipe.scoring.profile;

import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.scoring.engagement.EngagementRules;

/**
 * Contract event kinds → engagement signal names (docs/scoring.md); null when the event earns
 * nothing.
 */
final class Signals {

  private Signals() {}

  static String of(WebEvent e, EngagementRules rules) {
    return switch (e.getType()) {
      // Page views go through the negative-page rule: a careers page is a job seeker, not a buyer.
      case PAGE_VIEW ->
          rules.classifyPageView(e.getContext() == null ? null : e.getContext().getPagePath());
      // A mobile app's screen counts as a page view; it has no path for the negative-page rule.
      case SCREEN_VIEW -> rules.classifyPageView(null);
      case PRODUCT_VIEW -> "PRODUCT_VIEW";
      case SEARCH, COUPON_SEARCH -> "SEARCH";
      case CART_ADD -> "ADD_TO_CART";
      case CART_REMOVE -> "REMOVE_FROM_CART";
      case CHECKOUT_STARTED -> "CHECKOUT_STARTED";
      case PURCHASE -> "PURCHASE";
      case REVIEW_READ -> "REVIEW_READ";
      case SHIPPING_INFO_VIEWED,
          SIZE_GUIDE_VIEWED,
          RETURNS_VIEWED,
          WARRANTY_VIEWED,
          SPECIFICATIONS_VIEWED,
          PRICE_COMPARISON ->
          "PRODUCT_RESEARCH";
      case PRODUCT_SHARED, CART_SHARED -> "PRODUCT_SHARED";
      case SIGNUP -> "SIGNUP";
      case NEWSLETTER_SIGNUP -> "NEWSLETTER_SIGNUP";
      case UNSUBSCRIBE -> "UNSUBSCRIBE";
      case FORM_ERROR -> "FORM_ERROR";
      case FEEDBACK_ANSWER -> "FEEDBACK";
      default -> null;
    };
  }

  static String of(SocialEvent e) {
    return switch (e.getKind()) {
      case FOLLOW -> "SOCIAL_FOLLOW";
      case UNFOLLOW -> "SOCIAL_UNFOLLOW";
      case LIKE -> "SOCIAL_LIKE";
      case COMMENT -> "SOCIAL_COMMENT";
      case SHARE -> "SOCIAL_SHARE";
      case MENTION -> "SOCIAL_MENTION";
      case MESSAGE -> "SOCIAL_MESSAGE";
      default -> null;
    };
  }
}
