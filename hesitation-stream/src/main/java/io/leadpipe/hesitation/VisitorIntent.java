package io.leadpipe.hesitation;

import io.leadpipe.hesitation.reason.LikelyReason;
import io.leadpipe.hesitation.reason.Observation;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.Product;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One visitor's buying intent as the detector keeps it: the current <em>intent episode</em> (from
 * the first sign of buying intent until a purchase or the hesitation is closed) with cart, checkout
 * progress, product interest and the behaviour that may explain a hesitation, plus the open
 * hesitation and the pending timer. Internal state, stored as JSON in a changelogged store; fields
 * are public for the serde.
 */
final class VisitorIntent {

  public String visitorId;
  public String userId;

  /** Latest on-site activity (event time); idle windows count from here. */
  public Instant lastActivityAt;

  public Instant sessionStartedAt;

  /** Number of the current episode; part of the hesitation id, so every episode gets fresh ids. */
  public int episode;

  /** First sign of buying intent in this episode; null while there is none. */
  public Instant episodeStartedAt;

  public Map<String, CartLine> cart = new LinkedHashMap<>();

  /**
   * The visitor removed everything from a cart that had items (cart and checkout no longer
   * qualify).
   */
  public boolean cartEmptied;

  public String currency;
  public CheckoutProgress checkout;

  /** A total was shown (cart view or checkout), and the last one seen. */
  public boolean totalSeen;

  public Double lastTotal;
  public Map<String, ProductInterest> products = new LinkedHashMap<>();

  /** Pricing page path → start of each session that visited it. */
  public Map<String, List<Instant>> pricingPageSessions = new LinkedHashMap<>();

  public List<Observation> observations = new ArrayList<>();
  public OpenHesitation open;

  /** Recent message ids: a retried event must not count twice (a cart line added twice). */
  public List<String> recentMessageIds = new ArrayList<>();

  /** Due time (epoch ms) of this visitor's entry in the schedule store; 0 when there is none. */
  public long timerDueAt;

  static VisitorIntent of(String visitorId) {
    VisitorIntent s = new VisitorIntent();
    s.visitorId = visitorId;
    return s;
  }

  double cartValue() {
    return cart.values().stream().mapToDouble(CartLine::value).sum();
  }

  /** A product as seen in an event; the key is the product id, else the SKU. */
  record ProductSnapshot(
      String productId,
      String sku,
      String name,
      String category,
      String brand,
      String variant,
      Double price,
      String url) {

    static ProductSnapshot of(Product p) {
      return new ProductSnapshot(
          p.getProductId(),
          p.getSku(),
          p.getName(),
          p.getCategory(),
          p.getBrand(),
          p.getVariant(),
          p.getPrice(),
          p.getUrl());
    }

    /** Null for a product that names neither id nor SKU: it cannot be followed. */
    String key() {
      return productId != null ? productId : sku;
    }

    String label() {
      return name != null ? name : key();
    }

    Product toAvro(Integer quantity) {
      return Product.newBuilder()
          .setProductId(productId)
          .setSku(sku)
          .setName(name)
          .setCategory(category)
          .setBrand(brand)
          .setVariant(variant)
          .setPrice(price)
          .setQuantity(quantity)
          .setUrl(url)
          .build();
    }
  }

  /** One cart line; lines of the same product in different variants are separate. */
  record CartLine(ProductSnapshot product, int quantity) {
    static String keyOf(ProductSnapshot p) {
      return p.variant() == null ? p.key() : p.key() + "|" + p.variant();
    }

    double value() {
      return product.price() == null ? 0 : product.price() * quantity;
    }
  }

  /** Views of one product: their times and the start of each session that viewed it. */
  record ProductInterest(ProductSnapshot product, List<Instant> views, List<Instant> sessions) {
    Instant lastViewed() {
      return views.isEmpty() ? Instant.EPOCH : views.get(views.size() - 1);
    }
  }

  /** The furthest checkout step reached, and the event that reached it. */
  record CheckoutProgress(
      Instant startedAt,
      Integer step,
      String stepName,
      String shippingMethod,
      String paymentMethod,
      String messageId,
      Instant at) {}

  /** A product a hesitation is about; the quantity only for cart lines. */
  record ProductLine(ProductSnapshot product, Integer quantity) {
    Product toAvro() {
      return product.toAvro(quantity);
    }
  }

  /**
   * The hesitation emitted as DETECTED and not yet resolved or closed: what RESOLVED/CLOSED repeat.
   */
  record OpenHesitation(
      String hesitationId,
      HesitationKind kind,
      Instant startedAt,
      Instant detectedAt,
      List<LikelyReason> reasons,
      List<ProductLine> products,
      Double cartValue,
      String currency,
      CheckoutProgress checkout) {}
}
