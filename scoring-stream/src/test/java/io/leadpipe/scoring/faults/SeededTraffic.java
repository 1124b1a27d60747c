package io.leadpipe.scoring.faults;

import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.segment.SegmentCategory;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.visitor.VisitorId;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A fixed, seeded mix of web events for many visitors (views, searches, cart adds, purchases), in
 * event-time order across visitors, plus one segment whose membership flips: entered with the first
 * cart add, left with the first purchase. The visitor ids carry the run id so one broker can hold
 * several runs.
 */
record SeededTraffic(
    String run, List<String> visitors, List<WebEvent> events, SegmentDefinition flippingSegment) {

  private static final WebEventType[] BROWSING = {
    WebEventType.PAGE_VIEW,
    WebEventType.PRODUCT_VIEW,
    WebEventType.PRODUCT_VIEW,
    WebEventType.SEARCH,
    WebEventType.REVIEW_READ,
    WebEventType.COUPON_SEARCH
  };
  private static final String[] CATEGORIES = {"shoes", "bags", "coats", "hats"};

  /**
   * Event times step by this much per round: every event is in the past and in order per partition.
   */
  private static final Duration STEP = Duration.ofMillis(500);

  static SeededTraffic generate(
      String run, int visitorCount, int eventsPerVisitor, long seed, Instant end) {
    Random random = new Random(seed);
    List<String> visitors = new ArrayList<>();
    for (int v = 0; v < visitorCount; v++) {
      visitors.add("f-" + run + "-" + v);
    }
    Instant start = end.minus(STEP.multipliedBy(eventsPerVisitor + 1L));
    List<WebEvent> events = new ArrayList<>();
    for (int round = 0; round < eventsPerVisitor; round++) {
      for (int v = 0; v < visitorCount; v++) {
        Instant at = start.plus(STEP.multipliedBy(round)).plusMillis(v % 400);
        events.add(
            event(visitors.get(v), "m-" + run + "-" + v + "-" + round, pick(random), at, random));
      }
    }
    SegmentDefinition segment =
        SegmentDefinition.newBuilder()
            .setSegmentId("f-" + run + "-open-cart")
            .setName("Cart but no purchase yet")
            .setCategory(SegmentCategory.BEHAVIOURAL)
            .setRule(
                "{\"all\":[{\"attr\":\"activity.cartAdds\",\"op\":\"gte\",\"value\":1},"
                    + "{\"attr\":\"activity.purchases\",\"op\":\"eq\",\"value\":0}]}")
            .setEnabled(true)
            .setVersion(1)
            .setUpdatedAt(start)
            .setUpdatedBy("faults-it")
            .build();
    return new SeededTraffic(run, visitors, events, segment);
  }

  /** The key ingest gives the event (the visitor key rule). */
  static String key(WebEvent e) {
    return VisitorId.of(e.getUserId(), e.getAnonymousId());
  }

  boolean ours(String visitorId) {
    return visitorId != null && visitorId.startsWith("f-" + run + "-");
  }

  private static WebEventType pick(Random random) {
    int dice = random.nextInt(100);
    if (dice < 15) {
      return WebEventType.CART_ADD;
    }
    if (dice < 23) {
      return WebEventType.PURCHASE;
    }
    return BROWSING[random.nextInt(BROWSING.length)];
  }

  private static WebEvent event(
      String visitor, String messageId, WebEventType type, Instant at, Random random) {
    String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
    WebEvent.Builder b =
        WebEvent.newBuilder()
            .setMessageId(messageId)
            .setAnonymousId(visitor)
            .setEventTime(at)
            .setReceivedAt(at)
            .setSource("faults-it")
            .setContext(EventContext.newBuilder().build())
            .setType(type)
            .setName(type.name());
    switch (type) {
      case PRODUCT_VIEW, CART_ADD ->
          b.setProduct(
              Product.newBuilder()
                  .setProductId("p-" + category)
                  .setCategory(category)
                  .setPrice(10.0 + random.nextInt(200))
                  .build());
      case SEARCH -> b.setQuery(category);
      case PURCHASE ->
          b.setOrder(
              OrderInfo.newBuilder()
                  .setOrderId("o-" + messageId)
                  .setRevenue(20.0 + random.nextInt(400))
                  .build());
      default -> {}
    }
    return b.build();
  }
}
