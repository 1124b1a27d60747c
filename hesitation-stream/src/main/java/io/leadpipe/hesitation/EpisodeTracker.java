package io.leadpipe.hesitation;

import io.leadpipe.hesitation.VisitorIntent.CartLine;
import io.leadpipe.hesitation.VisitorIntent.CheckoutProgress;
import io.leadpipe.hesitation.VisitorIntent.ProductInterest;
import io.leadpipe.hesitation.VisitorIntent.ProductSnapshot;
import io.leadpipe.hesitation.reason.Observation;
import io.leadpipe.hesitation.reason.ShoppingContext;
import io.leadpipe.hesitation.reason.SignalReader;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.web.CheckoutStepInfo;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Keeps a visitor's intent episode up to date, one event at a time: cart lines (added, removed, or
 * replaced by the lines a cart view or checkout reports), the furthest checkout step, product views
 * and the sessions they fell in, pricing page sessions, and the behaviours that may explain a
 * hesitation. Bounded whatever the number of events: views and sessions outside their windows are
 * dropped, products, observations and remembered message ids are capped.
 */
final class EpisodeTracker {

  /** A client retry arrives within seconds, so a short memory of ids is enough to drop it. */
  private static final int REMEMBERED_MESSAGE_IDS = 64;

  private static final int MAX_PRODUCTS = 50;
  private static final int MAX_OBSERVATIONS = 50;

  /** Payment info without a named step means the visitor reached payment. */
  private static final String PAYMENT_STEP = "payment";

  private final DetectionRules rules;
  private final SignalReader signals;

  EpisodeTracker(DetectionRules rules, SignalReader signals) {
    this.rules = rules;
    this.signals = signals;
  }

  /** Applies an on-site event; false when this message was already applied. */
  boolean apply(VisitorIntent s, WebEvent e) {
    if (!firstDelivery(s, e.getMessageId())) {
      return false;
    }
    Instant at = e.getEventTime();
    if (e.getUserId() != null) {
      s.userId = e.getUserId();
    }
    markActivity(s, at);
    signals.read(e, shoppingContext(s)).ifPresent(o -> observe(s, o));
    if (e.getOrder() != null && e.getOrder().getCurrency() != null) {
      s.currency = e.getOrder().getCurrency();
    }
    switch (e.getType()) {
      case PRODUCT_VIEW -> viewed(s, e.getProduct(), at);
      case CART_ADD -> added(s, e, at);
      case CART_REMOVE -> removed(s, e);
      case CART_VIEW -> {
        replaceCart(s, e.getItems(), at);
        sawTotal(s, e.getOrder());
      }
      case CHECKOUT_STARTED, CHECKOUT_STEP, PAYMENT_INFO_ENTERED -> checkout(s, e, at);
      case PAGE_VIEW -> page(s, e, at);
      default -> {
        // other events only count as activity (and may carry a behaviour, read above)
      }
    }
    return true;
  }

  /**
   * A social interaction adds evidence only: it is not activity in the shop, so idle time keeps
   * running.
   */
  boolean apply(VisitorIntent s, SocialEvent e) {
    if (!firstDelivery(s, e.getMessageId())) {
      return false;
    }
    signals.read(e, shoppingContext(s)).ifPresent(o -> observe(s, o));
    return true;
  }

  /**
   * Ends the episode (purchase, closed hesitation): the next hesitation starts from fresh
   * behaviour.
   */
  void endEpisode(VisitorIntent s) {
    s.episode++;
    s.episodeStartedAt = null;
    s.cart = new LinkedHashMap<>();
    s.cartEmptied = false;
    s.checkout = null;
    s.totalSeen = false;
    s.lastTotal = null;
    s.products = new LinkedHashMap<>();
    s.pricingPageSessions = new LinkedHashMap<>();
    s.observations = new ArrayList<>();
    s.open = null;
  }

  /**
   * What the visitor had seen before an event: totals shown, the cart, and products viewed again.
   */
  ShoppingContext shoppingContext(VisitorIntent s) {
    Stream<ShoppingContext.ConsideredProduct> inCart =
        s.cart.values().stream()
            .map(CartLine::product)
            .filter(p -> p.price() != null)
            .map(EpisodeTracker::considered);
    Stream<ShoppingContext.ConsideredProduct> viewedAgain =
        s.products.values().stream()
            .filter(i -> i.views().size() > 1 && i.product().price() != null)
            .map(i -> considered(i.product()));
    return new ShoppingContext(
        s.totalSeen, s.lastTotal, Stream.concat(inCart, viewedAgain).toList());
  }

  private static ShoppingContext.ConsideredProduct considered(ProductSnapshot p) {
    return new ShoppingContext.ConsideredProduct(
        p.key(), p.variant(), p.label(), p.category(), p.price());
  }

  private static boolean firstDelivery(VisitorIntent s, String messageId) {
    if (s.recentMessageIds.contains(messageId)) {
      return false;
    }
    s.recentMessageIds.add(messageId);
    if (s.recentMessageIds.size() > REMEMBERED_MESSAGE_IDS) {
      s.recentMessageIds.remove(0);
    }
    return true;
  }

  /**
   * Late events (older than the last activity) change the episode but not the idle clock or the
   * session.
   */
  private void markActivity(VisitorIntent s, Instant at) {
    if (s.lastActivityAt != null && !at.isAfter(s.lastActivityAt)) {
      return;
    }
    if (s.lastActivityAt == null
        || Duration.between(s.lastActivityAt, at).compareTo(rules.sessionGap()) > 0) {
      s.sessionStartedAt = at;
    }
    s.lastActivityAt = at;
  }

  private static void startEpisode(VisitorIntent s, Instant at) {
    if (s.episodeStartedAt == null || at.isBefore(s.episodeStartedAt)) {
      s.episodeStartedAt = at;
    }
  }

  private void viewed(VisitorIntent s, Product product, Instant at) {
    if (product == null) {
      return;
    }
    ProductSnapshot p = ProductSnapshot.of(product);
    if (p.key() == null) {
      return;
    }
    startEpisode(s, at);
    ProductInterest before = s.products.remove(p.key());
    List<Instant> views = new ArrayList<>(before == null ? List.of() : before.views());
    List<Instant> sessions = new ArrayList<>(before == null ? List.of() : before.sessions());
    views.add(at);
    views.sort(Comparator.naturalOrder());
    if (!sessions.contains(s.sessionStartedAt)) {
      sessions.add(s.sessionStartedAt);
    }
    views.removeIf(v -> v.isBefore(s.lastActivityAt.minus(rules.browseWindow())));
    sessions.removeIf(v -> v.isBefore(s.lastActivityAt.minus(rules.priceWatchingWindow())));
    s.products.put(
        p.key(), new ProductInterest(p, views, sessions)); // re-inserted: most recent last
    if (s.products.size() > MAX_PRODUCTS) {
      s.products.remove(s.products.keySet().iterator().next());
    }
  }

  private static void added(VisitorIntent s, WebEvent e, Instant at) {
    List<Product> added = e.getProduct() != null ? List.of(e.getProduct()) : e.getItems();
    for (Product product : added) {
      ProductSnapshot p = ProductSnapshot.of(product);
      if (p.key() == null) {
        continue;
      }
      startEpisode(s, at);
      int quantity = product.getQuantity() == null ? 1 : Math.max(1, product.getQuantity());
      CartLine line = s.cart.get(CartLine.keyOf(p));
      s.cart.put(
          CartLine.keyOf(p), new CartLine(p, (line == null ? 0 : line.quantity()) + quantity));
      s.cartEmptied = false;
    }
  }

  /** A removal without a quantity removes the whole line (Segment's "Product Removed"). */
  private static void removed(VisitorIntent s, WebEvent e) {
    boolean hadItems = !s.cart.isEmpty();
    List<Product> removed = e.getProduct() != null ? List.of(e.getProduct()) : e.getItems();
    for (Product product : removed) {
      ProductSnapshot p = ProductSnapshot.of(product);
      if (p.key() == null) {
        continue;
      }
      String key = s.cart.containsKey(CartLine.keyOf(p)) ? CartLine.keyOf(p) : p.key();
      CartLine line = s.cart.get(key);
      if (line == null) {
        continue;
      }
      int left = product.getQuantity() == null ? 0 : line.quantity() - product.getQuantity();
      if (left > 0) {
        s.cart.put(key, new CartLine(line.product(), left));
      } else {
        s.cart.remove(key);
      }
    }
    if (hadItems && s.cart.isEmpty()) {
      s.cartEmptied = true;
    }
  }

  /**
   * The lines a cart view or checkout reports are the cart; an event without lines tells nothing
   * about it.
   */
  private static void replaceCart(VisitorIntent s, List<Product> items, Instant at) {
    Map<String, CartLine> lines = new LinkedHashMap<>();
    for (Product product : items) {
      ProductSnapshot p = ProductSnapshot.of(product);
      if (p.key() != null) {
        lines.merge(
            CartLine.keyOf(p),
            new CartLine(p, product.getQuantity() == null ? 1 : product.getQuantity()),
            (a, b) -> new CartLine(b.product(), a.quantity() + b.quantity()));
      }
    }
    if (!lines.isEmpty()) {
      startEpisode(s, at);
      s.cart = lines;
      s.cartEmptied = false;
    }
  }

  private static void sawTotal(VisitorIntent s, OrderInfo order) {
    s.totalSeen = true;
    if (order != null && order.getTotal() != null) {
      s.lastTotal = order.getTotal();
    } else if (!s.cart.isEmpty()) {
      s.lastTotal = s.cartValue();
    }
  }

  private static void checkout(VisitorIntent s, WebEvent e, Instant at) {
    startEpisode(s, at);
    replaceCart(s, e.getItems(), at);
    CheckoutStepInfo info = e.getCheckout();
    Integer step = info == null ? null : info.getStep();
    String name = info == null ? null : info.getStepName();
    if (name == null && e.getType() == WebEventType.PAYMENT_INFO_ENTERED) {
      name = PAYMENT_STEP;
    }
    CheckoutProgress before = s.checkout;
    // Numbered steps: the highest wins. Unnumbered but named (e.g. payment info): the latest wins.
    boolean further =
        before == null
            || step != null && (before.step() == null || step >= before.step())
            || step == null && name != null && !at.isBefore(before.at());
    if (further) {
      s.checkout =
          new CheckoutProgress(
              before == null ? at : before.startedAt(),
              step,
              name,
              info != null && info.getShippingMethod() != null
                  ? info.getShippingMethod()
                  : before == null ? null : before.shippingMethod(),
              info != null && info.getPaymentMethod() != null
                  ? info.getPaymentMethod()
                  : before == null ? null : before.paymentMethod(),
              e.getMessageId(),
              at);
    }
    sawTotal(s, e.getOrder());
  }

  private void page(VisitorIntent s, WebEvent e, Instant at) {
    String path = e.getContext() == null ? null : e.getContext().getPagePath();
    if (!rules.isPricingPage(path)) {
      return;
    }
    startEpisode(s, at);
    List<Instant> sessions = new ArrayList<>(s.pricingPageSessions.getOrDefault(path, List.of()));
    if (!sessions.contains(s.sessionStartedAt)) {
      sessions.add(s.sessionStartedAt);
    }
    sessions.removeIf(v -> v.isBefore(s.lastActivityAt.minus(rules.priceWatchingWindow())));
    s.pricingPageSessions.put(path, sessions);
  }

  private static void observe(VisitorIntent s, Observation o) {
    s.observations.add(o);
    if (s.observations.size() > MAX_OBSERVATIONS) {
      s.observations.remove(
          s.observations.stream().min(Comparator.comparing(Observation::at)).orElseThrow());
    }
  }
}
