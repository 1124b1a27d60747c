package io.leadpipe.localstack.demo;

import io.leadpipe.localstack.demo.Catalogue.Item;
import io.leadpipe.localstack.demo.DemoCall.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Turns a shopper into the calls their visit makes, as the tracking snippet would send them
 * (Segment Tracking API shapes, e-commerce spec event names). Pure: the same shopper and seed
 * give the same calls, so demo traffic and benchmarks are repeatable.
 */
public final class ShopperJourney {

  private final String shopUrl;
  private final long minThinkMs;
  private final long maxThinkMs;

  private final Random random;
  private final Shopper shopper;
  private final List<DemoCall> calls = new ArrayList<>();
  private long clockMs;
  private int sequence;

  private ShopperJourney(String shopUrl, long minThinkMs, long maxThinkMs, Shopper shopper, Random random) {
    this.shopUrl = shopUrl;
    this.minThinkMs = minThinkMs;
    this.maxThinkMs = maxThinkMs;
    this.shopper = shopper;
    this.random = random;
  }

  /** The calls of one visit, in time order. Think time between steps is drawn from [min, max]. */
  public static List<DemoCall> plan(Shopper shopper, String shopUrl, long minThinkMs, long maxThinkMs, Random random) {
    ShopperJourney journey = new ShopperJourney(shopUrl, minThinkMs, maxThinkMs, shopper, random);
    journey.visit();
    return List.copyOf(journey.calls);
  }

  private void visit() {
    page("/", "Home", shopper.referredBy());
    if (shopper.identifies()) {
      identify();
    }
    switch (shopper.persona()) {
      case BARGAIN_HUNTER -> bargainHunter();
      case REVIEW_READER -> reviewReader();
      case QUALITY_DOUBTER -> qualityDoubter();
      case SHIPPING_SENSITIVE -> shippingSensitive();
      case PRICE_WATCHER -> priceWatcher();
      case LOYAL_BUYER -> loyalBuyer();
      case INFLUENCER -> influencer();
      case WINDOW_SHOPPER -> windowShopper();
      case SILENT_ABANDONER -> silentAbandoner();
    }
  }

  private void bargainHunter() {
    Item item = Catalogue.pickExpensive(random);
    productViewed(item);
    track("Coupon Searched", Map.of("query", "discount code " + item.category()));
    track("Price Compared", productProps(item));
    Item cheaper = Catalogue.cheaperVariantOf(item);
    if (cheaper != null) {
      productViewed(cheaper);
    }
    productAdded(item);
    checkoutStarted(List.of(item));
    track("Coupon Denied", Map.of("coupon", "SAVE20", "reason", "expired"));
  }

  private void reviewReader() {
    Item item = Catalogue.pickExpensive(random);
    productViewed(item);
    track("Review Read", productProps(item));
    track("Review Read", productProps(item));
    productAdded(item);
    track("Review Read", productProps(item));
  }

  private void qualityDoubter() {
    Item item = Catalogue.pickExpensive(random);
    productViewed(item);
    track("Specifications Viewed", productProps(item));
    track("Size Guide Viewed", productProps(item));
    track("Returns Viewed", Map.of());
    track("Warranty Viewed", productProps(item));
    productAdded(item);
  }

  private void shippingSensitive() {
    Item item = Catalogue.pick(random);
    productViewed(item);
    productAdded(item);
    checkoutStarted(List.of(item));
    checkoutStep(2, "shipping");
    track("Shipping Info Viewed", Map.of("shipping_cost", 14.90, "currency", "EUR"));
  }

  private void priceWatcher() {
    Item item = Catalogue.pickExpensive(random);
    for (int i = 0; i < 4; i++) {
      productViewed(item);
      page("/pricing", "Prices and offers", null);
    }
  }

  private void loyalBuyer() {
    Item first = Catalogue.pick(random);
    productViewed(first);
    productAdded(first);
    checkoutStarted(List.of(first));
    orderCompleted(List.of(first));
    Item second = Catalogue.pick(random);
    productViewed(second);
    productAdded(second);
    checkoutStarted(List.of(second));
    orderCompleted(List.of(second));
  }

  private void influencer() {
    Item item = Catalogue.pick(random);
    productViewed(item);
    social("follow", null);
    social("share", item);
    track("Product Shared", withReferral(productProps(item)));
    social("mention", item);
  }

  private void windowShopper() {
    track("Product List Viewed", Map.of("category", Catalogue.pick(random).category()));
    productViewed(Catalogue.pick(random));
    page("/about", "About us", null);
    if (random.nextInt(4) == 0) {
      page("/careers", "Careers", null);
    }
  }

  private void silentAbandoner() {
    Item item = Catalogue.pick(random);
    productViewed(item);
    productAdded(item);
    checkoutStarted(List.of(item));
  }

  /** A friend who arrived through an influencer's link: looks, and sometimes buys. */
  static List<DemoCall> referredFriendBuys(Shopper friend, String shopUrl, Random random) {
    ShopperJourney journey = new ShopperJourney(shopUrl, 500, 1500, friend, random);
    journey.page("/", "Home", friend.referredBy());
    Item item = Catalogue.pick(random);
    journey.productViewed(item);
    if (random.nextBoolean()) {
      journey.productAdded(item);
      journey.checkoutStarted(List.of(item));
      journey.orderCompleted(List.of(item));
    }
    return List.copyOf(journey.calls);
  }

  // --- the calls, as the snippet sends them -------------------------------------------------

  private void identify() {
    Map<String, Object> message = message("identify");
    message.put("userId", shopper.userId());
    message.put("traits", shopper.traits());
    add(Endpoint.BATCH, message);
  }

  private void page(String path, String title, String referralCode) {
    Map<String, Object> message = message("page");
    message.put("name", title);
    String url = shopUrl + (path.equals("/") ? "" : "#" + path) + (referralCode != null ? "?ref=" + referralCode : "");
    message.put("properties", Map.of("url", url, "path", path, "title", title));
    add(Endpoint.BATCH, message);
  }

  private void productViewed(Item item) {
    track("Product Viewed", productProps(item));
  }

  private void productAdded(Item item) {
    Map<String, Object> props = productProps(item);
    props.put("quantity", 1);
    track("Product Added", props);
  }

  private void checkoutStarted(List<Item> items) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("checkout_id", "co-" + shopper.anonymousId() + "-" + sequence);
    props.put("value", total(items));
    props.put("currency", "EUR");
    props.put("products", items.stream().map(this::line).toList());
    track("Checkout Started", props);
  }

  private void checkoutStep(int step, String name) {
    track("Checkout Step Viewed", Map.of("step", step, "step_name", name, "shipping_method", "standard"));
  }

  private void orderCompleted(List<Item> items) {
    double total = total(items);
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("order_id", "ord-" + shopper.anonymousId() + "-" + sequence);
    props.put("total", total);
    props.put("revenue", total);
    props.put("shipping", total >= 100 ? 0.0 : 4.90);
    props.put("currency", "EUR");
    props.put("products", items.stream().map(this::line).toList());
    track("Order Completed", props);
  }

  private void track(String event, Map<String, Object> properties) {
    Map<String, Object> message = message("track");
    message.put("event", event);
    message.put("properties", properties);
    add(Endpoint.BATCH, message);
  }

  private void social(String kind, Item item) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("messageId", nextMessageId());
    putIds(body);
    body.put("network", "instagram");
    body.put("kind", kind);
    body.put("actorHandle", "@" + shopper.visitorId());
    body.put("followerCount", 5_000 + random.nextInt(45_000));
    if (item != null) {
      body.put("productId", item.productId());
      body.put("postUrl", "https://instagram.example/p/" + item.productId() + "-" + sequence);
    }
    if ("share".equals(kind)) {
      body.put("referralCode", shopper.referralCode());
    }
    add(Endpoint.SOCIAL, body);
  }

  private Map<String, Object> withReferral(Map<String, Object> props) {
    props.put("referralCode", shopper.referralCode());
    return props;
  }

  private Map<String, Object> productProps(Item item) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("product_id", item.productId());
    props.put("name", item.name());
    props.put("category", item.category());
    props.put("price", item.price());
    props.put("currency", "EUR");
    return props;
  }

  private Map<String, Object> line(Item item) {
    Map<String, Object> line = productProps(item);
    line.put("quantity", 1);
    return line;
  }

  private static double total(List<Item> items) {
    return items.stream().mapToDouble(Item::price).sum();
  }

  private Map<String, Object> message(String type) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", type);
    message.put("messageId", nextMessageId());
    putIds(message);
    message.put("context", Map.of(
        "userAgent", shopper.userAgent(),
        "locale", "de-DE",
        "timezone", String.valueOf(shopper.traits().getOrDefault("timezone", "Europe/Berlin")),
        "page", Map.of("url", shopUrl)));
    return message;
  }

  private void putIds(Map<String, Object> message) {
    message.put("anonymousId", shopper.anonymousId());
    if (shopper.identifies()) {
      message.put("userId", shopper.userId());
    }
  }

  private String nextMessageId() {
    return shopper.anonymousId() + "-" + (++sequence);
  }

  private void add(Endpoint endpoint, Map<String, Object> body) {
    calls.add(new DemoCall(clockMs, endpoint, body));
    clockMs += minThinkMs + (long) (random.nextDouble() * (maxThinkMs - minThinkMs));
  }
}
