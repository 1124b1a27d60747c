package io.leadpipe.localstack.demo;

import io.leadpipe.localstack.demo.Catalogue.Item;
import io.leadpipe.localstack.demo.DemoCall.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Turns a shopper into the calls their visit makes, as the tracking snippet and the social
 * connector would send them (Segment Tracking API shapes, e-commerce spec event names, the names
 * ingest maps to typed fields). Pure: the same shopper and seed give the same calls, so demo
 * traffic is repeatable.
 */
public final class ShopperJourney {

  /** The shop's policy: free standard shipping from this order value. */
  static final double FREE_SHIPPING_FROM = 100;

  static final double STANDARD_SHIPPING = 4.90;

  /** What the shipping-sensitive shopper sees at the shipping step: the total jumps. */
  static final double BULKY_SHIPPING = 14.90;

  /** A returning shopper's next visit comes this many think times after the last: a new session. */
  static final int RETURN_VISIT_THINK_TIMES = 10;

  static final int PRICE_WATCHER_VISITS = 4;
  static final String NETWORK = "instagram";
  private static final int CAREERS_PAGE_ONE_IN = 4;

  private final String shopUrl;
  private final long minThinkMs;
  private final long maxThinkMs;

  private final Random random;
  private final Shopper shopper;
  private final List<DemoCall> calls = new ArrayList<>();
  private String currentPath = "/";
  private long clockMs;
  private int sequence;

  private ShopperJourney(
      String shopUrl, long minThinkMs, long maxThinkMs, Shopper shopper, Random random) {
    this.shopUrl = shopUrl;
    this.minThinkMs = minThinkMs;
    this.maxThinkMs = maxThinkMs;
    this.shopper = shopper;
    this.random = random;
  }

  /** The calls of one visit, in time order. Think time between steps is drawn from [min, max]. */
  public static List<DemoCall> plan(
      Shopper shopper, String shopUrl, long minThinkMs, long maxThinkMs, Random random) {
    ShopperJourney journey = new ShopperJourney(shopUrl, minThinkMs, maxThinkMs, shopper, random);
    journey.visit();
    return List.copyOf(journey.calls);
  }

  private void visit() {
    landing();
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
      case REFERRED_FRIEND -> referredFriend();
    }
  }

  // --- the personas --------------------------------------------------------------------------

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
    track("Coupon Entered", Map.of("coupon", "SAVE20"));
    track("Coupon Denied", Map.of("coupon", "SAVE20", "reason", "expired"));
  }

  private void reviewReader() {
    Item item = Catalogue.pickExpensive(random);
    productViewed(item);
    track("Review Read", productProps(item));
    track("Review Read", productProps(item));
    productAdded(item);
    if (shopper.identifies()) {
      // Asking the crowd is a reviews doubt too.
      social(
          "mention", item, Map.of("text", "Has anyone tried the " + item.name() + "? Worth it?"));
    }
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
    checkoutStep(1, "address", null, null);
    checkoutStep(2, "shipping", BULKY_SHIPPING, item.price() + BULKY_SHIPPING);
    Map<String, Object> shipping = new LinkedHashMap<>();
    shipping.put("shipping", BULKY_SHIPPING);
    shipping.put("currency", Catalogue.CURRENCY);
    track("Shipping Info Viewed", shipping);
  }

  /** Separate visits (sessions), each to the same product and the prices page. */
  private void priceWatcher() {
    Item item = Catalogue.pickExpensive(random);
    for (int i = 0; i < PRICE_WATCHER_VISITS; i++) {
      if (i > 0) {
        comeBackLater();
      }
      productViewed(item);
      page("/pricing", "Prices and offers");
    }
  }

  private void loyalBuyer() {
    buy(List.of(Catalogue.pick(random)));
    track("Newsletter Subscribed", Map.of("list", "trail-news"));
    comeBackLater();
    buy(List.of(Catalogue.pick(random), Catalogue.pick(random)));
  }

  private void influencer() {
    Item item = Catalogue.pick(random);
    productViewed(item);
    social("follow", null, Map.of());
    social("like", item, Map.of());
    social("share", item, Map.of("referralCode", shopper.referralCode()));
    Map<String, Object> shared = productProps(item);
    shared.put("referralCode", shopper.referralCode());
    shared.put("share_via", NETWORK);
    track("Product Shared", shared);
    social("mention", item, Map.of());
    if (random.nextBoolean()) {
      buy(List.of(item));
    }
  }

  private void windowShopper() {
    track("Product List Viewed", Map.of("category", Catalogue.pick(random).category()));
    track("Products Searched", Map.of("query", Catalogue.pick(random).category()));
    productViewed(Catalogue.pick(random));
    page("/about", "About us");
    if (random.nextInt(CAREERS_PAGE_ONE_IN) == 0) {
      page("/careers", "Careers");
    }
  }

  private void silentAbandoner() {
    Item item = Catalogue.pick(random);
    productViewed(item);
    productAdded(item);
    track("Cart Viewed", Map.of("products", List.of(line(item))));
    checkoutStarted(List.of(item));
  }

  private void referredFriend() {
    // The social connector reports the click on the sharer's link as well.
    social("referral_click", null, Map.of("referralCode", shopper.referredBy()));
    Item item = Catalogue.pick(random);
    productViewed(item);
    if (random.nextBoolean()) {
      buy(List.of(item));
    }
  }

  // --- steps shared by personas --------------------------------------------------------------

  /** The whole way to an order: cart, checkout steps with totals, payment, order. */
  private void buy(List<Item> items) {
    items.forEach(this::productAdded);
    String checkoutId = checkoutStarted(items);
    double value = total(items);
    double shipping = value >= FREE_SHIPPING_FROM ? 0 : STANDARD_SHIPPING;
    checkoutStep(1, "address", null, null);
    checkoutStep(2, "shipping", shipping, value + shipping);
    track(
        "Payment Info Entered",
        Map.of("step", 3, "step_name", "payment", "payment_method", "card"));
    orderCompleted(items, checkoutId, shipping);
  }

  private void comeBackLater() {
    clockMs += RETURN_VISIT_THINK_TIMES * maxThinkMs;
    page("/", "Home");
  }

  // --- the calls, as the snippet sends them -------------------------------------------------

  /**
   * The first page view: the only call whose URL carries the referral code and campaign it arrived
   * by.
   */
  private void landing() {
    List<String> query = new ArrayList<>();
    if (shopper.referredBy() != null) {
      query.add("ref=" + shopper.referredBy());
    }
    if (shopper.campaign() != null) {
      query.add(shopper.campaign());
    }
    String url = shopUrl + (query.isEmpty() ? "" : "?" + String.join("&", query));
    page("/", "Home", url);
  }

  private void identify() {
    Map<String, Object> message = message("identify");
    message.put("traits", shopper.traits());
    add(Endpoint.BATCH, message);
  }

  private void page(String path, String title) {
    page(path, title, shopUrl + "#" + path);
  }

  private void page(String path, String title, String url) {
    currentPath = path;
    Map<String, Object> message = message("page");
    message.put("name", title);
    message.put("properties", Map.of("url", url, "path", path, "title", title));
    add(Endpoint.BATCH, message);
  }

  private void productViewed(Item item) {
    track("Product Viewed", productProps(item));
  }

  private void productAdded(Item item) {
    track("Product Added", line(item));
  }

  /** Returns the checkout id, which the order of this checkout carries too. */
  private String checkoutStarted(List<Item> items) {
    String checkoutId = "co-" + shopper.anonymousId() + "-" + (sequence + 1);
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("checkout_id", checkoutId);
    props.put("value", total(items));
    props.put("currency", Catalogue.CURRENCY);
    props.put("products", items.stream().map(ShopperJourney::line).toList());
    track("Checkout Started", props);
    return checkoutId;
  }

  /** A checkout step; from the shipping step on it carries the shipping cost and the new total. */
  private void checkoutStep(int step, String name, Double shipping, Double total) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("step", step);
    props.put("step_name", name);
    if (shipping != null) {
      props.put("shipping_method", "standard");
      props.put("shipping", shipping);
      props.put("total", total);
      props.put("currency", Catalogue.CURRENCY);
    }
    track("Checkout Step Viewed", props);
  }

  private void orderCompleted(List<Item> items, String checkoutId, double shipping) {
    double revenue = total(items);
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("order_id", "ord-" + shopper.anonymousId() + "-" + (sequence + 1));
    props.put("checkout_id", checkoutId);
    props.put("total", revenue + shipping);
    props.put("revenue", revenue);
    props.put("shipping", shipping);
    props.put("currency", Catalogue.CURRENCY);
    props.put("products", items.stream().map(ShopperJourney::line).toList());
    // The shop's server reports the order: ingest refuses purchases from a browser key.
    track(Endpoint.SERVER_BATCH, "Order Completed", props);
  }

  private void track(String event, Map<String, Object> properties) {
    track(Endpoint.BATCH, event, properties);
  }

  private void track(Endpoint endpoint, String event, Map<String, Object> properties) {
    Map<String, Object> message = message("track");
    message.put("event", event);
    message.put("properties", properties);
    add(endpoint, message);
  }

  /**
   * A social interaction as a connector reports it, with {@code extra} fields (text, referral
   * code).
   */
  private void social(String kind, Item item, Map<String, Object> extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("messageId", nextMessageId());
    putIds(body);
    body.put("network", NETWORK);
    body.put("kind", kind);
    body.put("actorHandle", "@" + shopper.visitorId());
    body.put("followerCount", shopper.followers());
    if (item != null) {
      body.put("productId", item.productId());
      body.put("postUrl", "https://instagram.example/p/" + item.productId() + "-" + sequence);
    }
    body.putAll(extra);
    add(Endpoint.SOCIAL, body);
  }

  static Map<String, Object> productProps(Item item) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("product_id", item.productId());
    props.put("name", item.name());
    props.put("category", item.category());
    props.put("brand", item.brand());
    props.put("price", item.price());
    props.put("currency", Catalogue.CURRENCY);
    return props;
  }

  static Map<String, Object> line(Item item) {
    Map<String, Object> line = productProps(item);
    line.remove("currency");
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
    message.put("context", context(shopper, shopUrl + "#" + currentPath));
    return message;
  }

  /** What the snippet puts in every call's context. */
  static Map<String, Object> context(Shopper shopper, String pageUrl) {
    return Map.of(
        "userAgent", shopper.userAgent(),
        "locale", shopper.locale(),
        "timezone", shopper.timezone(),
        "page", Map.of("url", pageUrl));
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
