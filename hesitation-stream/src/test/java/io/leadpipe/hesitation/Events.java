package io.leadpipe.hesitation;

import io.leadpipe.schemas.common.DeviceInfo;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.social.SocialKind;
import io.leadpipe.schemas.web.CheckoutStepInfo;
import io.leadpipe.schemas.web.FeedbackAnswer;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Events of one test shopper, as ingest would publish them (keyed and named by the contract). */
public final class Events {

  public static final Product SHOE = product("shoe-1", "Trail shoe", "shoes", 89.0);
  public static final Product CHEAP_SHOE = product("shoe-2", "Budget runner", "shoes", 49.0);
  public static final Product SOCKS = product("socks-1", "Wool socks", "socks", 12.0);

  private static final AtomicInteger IDS = new AtomicInteger();

  private final String visitor;

  public Events(String visitor) {
    this.visitor = visitor;
  }

  public static Product product(String id, String name, String category, double price) {
    return Product.newBuilder()
        .setProductId(id)
        .setName(name)
        .setCategory(category)
        .setPrice(price)
        .build();
  }

  public static Product withVariant(Product p, String variant, double price) {
    return Product.newBuilder(p).setVariant(variant).setPrice(price).build();
  }

  public WebEvent.Builder web(WebEventType type, Instant at) {
    return WebEvent.newBuilder()
        .setMessageId("m-" + IDS.incrementAndGet())
        .setAnonymousId(visitor)
        .setEventTime(at)
        .setReceivedAt(at)
        .setSource("test")
        .setContext(EventContext.newBuilder().build())
        .setType(type)
        .setName(type.name());
  }

  public WebEvent of(WebEventType type, Instant at) {
    return web(type, at).build();
  }

  public WebEvent about(WebEventType type, Product p, Instant at) {
    return web(type, at).setProduct(p).build();
  }

  public WebEvent view(Product p, Instant at) {
    return about(WebEventType.PRODUCT_VIEW, p, at);
  }

  public WebEvent add(Product p, Instant at) {
    return web(WebEventType.CART_ADD, at)
        .setProduct(Product.newBuilder(p).setQuantity(1).build())
        .build();
  }

  public WebEvent remove(Product p, Instant at) {
    return about(WebEventType.CART_REMOVE, p, at);
  }

  public WebEvent cartView(double total, Instant at) {
    return web(WebEventType.CART_VIEW, at)
        .setOrder(OrderInfo.newBuilder().setTotal(total).setCurrency("EUR").build())
        .build();
  }

  public WebEvent checkoutStarted(double total, Instant at, Product... items) {
    return web(WebEventType.CHECKOUT_STARTED, at)
        .setItems(List.of(items))
        .setOrder(OrderInfo.newBuilder().setTotal(total).setCurrency("EUR").build())
        .build();
  }

  public WebEvent checkoutStep(int step, String name, Double total, Double shipping, Instant at) {
    return web(WebEventType.CHECKOUT_STEP, at)
        .setCheckout(CheckoutStepInfo.newBuilder().setStep(step).setStepName(name).build())
        .setOrder(
            total == null
                ? null
                : OrderInfo.newBuilder().setTotal(total).setShipping(shipping).build())
        .build();
  }

  public WebEvent purchase(String orderId, double revenue, Instant at) {
    return web(WebEventType.PURCHASE, at)
        .setOrder(
            OrderInfo.newBuilder()
                .setOrderId(orderId)
                .setRevenue(revenue)
                .setCurrency("EUR")
                .build())
        .build();
  }

  public WebEvent search(String query, Instant at) {
    return web(WebEventType.SEARCH, at).setQuery(query).build();
  }

  public WebEvent couponSearch(String query, Instant at) {
    return web(WebEventType.COUPON_SEARCH, at).setQuery(query).build();
  }

  public WebEvent page(String path, Instant at) {
    return web(WebEventType.PAGE_VIEW, at)
        .setName("page")
        .setContext(EventContext.newBuilder().setPagePath(path).build())
        .build();
  }

  public WebEvent feedback(HesitationReason stated, Instant at) {
    return web(WebEventType.FEEDBACK_ANSWER, at)
        .setFeedback(FeedbackAnswer.newBuilder().setStatedReason(stated).build())
        .build();
  }

  public WebEvent byBot(WebEvent e) {
    return WebEvent.newBuilder(e)
        .setContext(
            EventContext.newBuilder()
                .setDevice(DeviceInfo.newBuilder().setBot(true).build())
                .build())
        .build();
  }

  public SocialEvent social(SocialKind kind, String productId, String text, Instant at) {
    return SocialEvent.newBuilder()
        .setMessageId("s-" + IDS.incrementAndGet())
        .setAnonymousId(visitor)
        .setEventTime(at)
        .setReceivedAt(at)
        .setSource("test")
        .setNetwork("instagram")
        .setKind(kind)
        .setProductId(productId)
        .setText(text)
        .build();
  }
}
