package io.leadpipe.scoring.profile;

import io.leadpipe.schemas.web.WebEventType;
import java.time.Duration;
import java.time.Instant;

/**
 * Behaviour counters. A web event more than the session inactivity after the visitor's latest web
 * event opens a new session; a late event (older than that latest one) joins the sessions already
 * counted.
 */
public record ActivityCounts(
    int sessions,
    Instant lastWebAt,
    int pageViews,
    int productViews,
    int searches,
    int couponSearches,
    int cartAdds,
    int cartRemoves,
    int checkouts,
    int reviewsRead,
    int socialInteractions) {

  public static ActivityCounts none() {
    return new ActivityCounts(0, null, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  public ActivityCounts web(WebEventType type, Instant at, Duration sessionInactivity) {
    boolean newSession = lastWebAt == null || at.isAfter(lastWebAt.plus(sessionInactivity));
    Instant latest = lastWebAt == null || at.isAfter(lastWebAt) ? at : lastWebAt;
    return new ActivityCounts(
        sessions + (newSession ? 1 : 0),
        latest,
        // A mobile app's screen views count as page views.
        pageViews + is(type, WebEventType.PAGE_VIEW) + is(type, WebEventType.SCREEN_VIEW),
        productViews + is(type, WebEventType.PRODUCT_VIEW),
        searches + is(type, WebEventType.SEARCH),
        couponSearches + is(type, WebEventType.COUPON_SEARCH),
        cartAdds + is(type, WebEventType.CART_ADD),
        cartRemoves + is(type, WebEventType.CART_REMOVE),
        checkouts + is(type, WebEventType.CHECKOUT_STARTED),
        reviewsRead + is(type, WebEventType.REVIEW_READ),
        socialInteractions);
  }

  public ActivityCounts social() {
    return new ActivityCounts(
        sessions,
        lastWebAt,
        pageViews,
        productViews,
        searches,
        couponSearches,
        cartAdds,
        cartRemoves,
        checkouts,
        reviewsRead,
        socialInteractions + 1);
  }

  private static int is(WebEventType actual, WebEventType expected) {
    return actual == expected ? 1 : 0;
  }
}
