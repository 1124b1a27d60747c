package io.leadpipe.hesitation;

import static io.leadpipe.schemas.common.HesitationKind.BROWSE_ABANDONED;
import static io.leadpipe.schemas.common.HesitationKind.CART_ABANDONED;
import static io.leadpipe.schemas.common.HesitationKind.CHECKOUT_ABANDONED;
import static io.leadpipe.schemas.common.HesitationKind.PRICE_WATCHING;

import io.leadpipe.hesitation.VisitorIntent.CheckoutProgress;
import io.leadpipe.hesitation.VisitorIntent.OpenHesitation;
import io.leadpipe.hesitation.VisitorIntent.ProductInterest;
import io.leadpipe.hesitation.VisitorIntent.ProductLine;
import io.leadpipe.hesitation.reason.BehaviourSignal;
import io.leadpipe.hesitation.reason.LikelyReason;
import io.leadpipe.hesitation.reason.Observation;
import io.leadpipe.hesitation.reason.ReasonInference;
import io.leadpipe.hesitation.reason.SignalReader;
import io.leadpipe.schemas.common.Evidence;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.common.ReasonEvidence;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationResolution;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.hesitation.ResolutionOutcome;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.web.CheckoutStepInfo;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Rule: cart not empty, no checkout, idle ≥ 1 h → CART_ABANDONED; checkout started, idle ≥ 1 h →
 * CHECKOUT_ABANDONED with the step reached; one product viewed ≥ 3 times within 7 days and not in
 * the cart, idle ≥ 2 h → BROWSE_ABANDONED; the same product or a pricing page in ≥ 3 sessions
 * within 14 days, idle ≥ 2 h → PRICE_WATCHING. Each with its likely reasons. One open hesitation
 * per visitor: the strongest kind wins (checkout > cart > price watching > browse), and a stronger
 * one supersedes a weaker open one under a new id. Purchase → RESOLVED (CONVERTED, time to
 * convert); purchase before detection → the episode just ends; cart emptied and no activity for 1 h
 * → CLOSED (NOT_QUALIFIED); no activity for 14 days after detection → CLOSED (EXPIRED); "no longer
 * interested" / "bought elsewhere" answered → CLOSED with that outcome.
 *
 * <p>Time-driven outcomes come from {@link #nextTimer}: the one due time at which this visitor's
 * state must be looked at again, whatever happens before. {@link #onTimer} then does what is due.
 */
final class HesitationDetector {

  /** Strongest first: the order in which kinds win over each other. */
  static final List<HesitationKind> STRONGEST_FIRST =
      List.of(CHECKOUT_ABANDONED, CART_ABANDONED, PRICE_WATCHING, BROWSE_ABANDONED);

  /**
   * Expiring a hesitation may make the visitor forgettable at once: at most that many actions per
   * look.
   */
  private static final int MAX_ACTIONS_PER_TIMER = 3;

  enum Action {
    DETECT,
    CLOSE_NOT_QUALIFIED,
    EXPIRE,
    FORGET
  }

  /** When to look at a visitor again, and why; {@code kind} for DETECT only. */
  record Timer(Instant dueAt, Action action, HesitationKind kind) {}

  /** What a timer produced; {@code forget} when the visitor's state is to be deleted. */
  record TimerOutcome(List<Hesitation> emitted, boolean forget) {}

  private final HesitationConfig config;
  private final DetectionRules rules;
  private final EpisodeTracker tracker;
  private final ReasonInference inference;

  HesitationDetector(HesitationConfig config) {
    this.config = config;
    this.rules = config.detection();
    this.tracker = new EpisodeTracker(rules, new SignalReader(config.reasons()));
    this.inference = new ReasonInference(config.reasons());
  }

  /**
   * Applies an on-site event. A purchase or a stated "not interested" ends the episode, resolving
   * or closing.
   */
  Optional<Hesitation> onWebEvent(VisitorIntent s, WebEvent e) {
    if (isBot(e) || !tracker.apply(s, e)) {
      return Optional.empty();
    }
    return switch (e.getType()) {
      case PURCHASE -> purchased(s, e);
      case FEEDBACK_ANSWER -> answered(s, e);
      default -> Optional.empty();
    };
  }

  void onSocialEvent(VisitorIntent s, SocialEvent e) {
    tracker.apply(s, e);
  }

  /** The next time this visitor must be looked at; empty when nothing is known about them yet. */
  Optional<Timer> nextTimer(VisitorIntent s) {
    if (s.lastActivityAt == null) {
      return Optional.empty();
    }
    Instant last = s.lastActivityAt;
    Optional<HesitationKind> strongest = strongestQualifying(s);
    if (s.open == null) {
      return Optional.of(
          strongest
              .map(k -> new Timer(last.plus(idle(k)), Action.DETECT, k))
              .orElseGet(() -> new Timer(last.plus(rules.retention()), Action.FORGET, null)));
    }
    List<Timer> due = new ArrayList<>();
    due.add(new Timer(later(last, s.open.detectedAt()).plus(rules.maxAge()), Action.EXPIRE, null));
    if (isCartBased(s.open.kind()) && s.cartEmptied) {
      due.add(new Timer(last.plus(rules.notQualifiedAfter()), Action.CLOSE_NOT_QUALIFIED, null));
    }
    strongest
        .filter(k -> isStronger(k, s.open.kind()))
        .ifPresent(k -> due.add(new Timer(last.plus(idle(k)), Action.DETECT, k)));
    return due.stream().min(Comparator.comparing(Timer::dueAt));
  }

  /**
   * Does whatever is due at {@code now}: detect, close, or tell the caller to forget the visitor.
   */
  TimerOutcome onTimer(VisitorIntent s, Instant now) {
    List<Hesitation> emitted = new ArrayList<>();
    for (int i = 0; i < MAX_ACTIONS_PER_TIMER; i++) {
      Optional<Timer> next = nextTimer(s);
      if (next.isEmpty() || next.get().dueAt().isAfter(now)) {
        break;
      }
      switch (next.get().action()) {
        case DETECT -> emitted.add(detect(s, next.get().kind(), now));
        case CLOSE_NOT_QUALIFIED -> emitted.add(close(s, ResolutionOutcome.NOT_QUALIFIED, now));
        case EXPIRE -> emitted.add(close(s, ResolutionOutcome.EXPIRED, now));
        case FORGET -> {
          return new TimerOutcome(emitted, true);
        }
      }
    }
    return new TimerOutcome(emitted, false);
  }

  /** The strongest kind the visitor's behaviour qualifies for, idle time aside. */
  Optional<HesitationKind> strongestQualifying(VisitorIntent s) {
    return STRONGEST_FIRST.stream().filter(k -> qualifies(s, k)).findFirst();
  }

  private boolean qualifies(VisitorIntent s, HesitationKind kind) {
    return switch (kind) {
      case CHECKOUT_ABANDONED -> s.checkout != null && !s.cartEmptied;
      case CART_ABANDONED -> !s.cart.isEmpty() && s.checkout == null;
      case PRICE_WATCHING -> !watchedProducts(s).isEmpty() || !watchedPricingPages(s).isEmpty();
      case BROWSE_ABANDONED -> !browsedProducts(s).isEmpty();
      default -> false;
    };
  }

  private Duration idle(HesitationKind kind) {
    return switch (kind) {
      case CHECKOUT_ABANDONED -> rules.checkoutIdle();
      case CART_ABANDONED -> rules.cartIdle();
      case PRICE_WATCHING -> rules.priceWatchingIdle();
      default -> rules.browseIdle();
    };
  }

  /**
   * Products viewed at least N times within the browse window, not in the cart; most viewed first.
   */
  private List<ProductInterest> browsedProducts(VisitorIntent s) {
    Instant from = s.lastActivityAt.minus(rules.browseWindow());
    return notInCart(s)
        .filter(i -> countSince(i.views(), from) >= rules.browseMinViews())
        .sorted(Comparator.comparing((ProductInterest i) -> countSince(i.views(), from)).reversed())
        .toList();
  }

  /** Products seen in at least N sessions within the price-watching window, not in the cart. */
  private List<ProductInterest> watchedProducts(VisitorIntent s) {
    Instant from = s.lastActivityAt.minus(rules.priceWatchingWindow());
    return notInCart(s)
        .filter(i -> countSince(i.sessions(), from) >= rules.priceWatchingMinSessions())
        .sorted(
            Comparator.comparing((ProductInterest i) -> countSince(i.sessions(), from)).reversed())
        .toList();
  }

  private List<Map.Entry<String, List<Instant>>> watchedPricingPages(VisitorIntent s) {
    Instant from = s.lastActivityAt.minus(rules.priceWatchingWindow());
    return s.pricingPageSessions.entrySet().stream()
        .filter(e -> countSince(e.getValue(), from) >= rules.priceWatchingMinSessions())
        .toList();
  }

  private static java.util.stream.Stream<ProductInterest> notInCart(VisitorIntent s) {
    return s.products.values().stream()
        .filter(
            i ->
                s.cart.values().stream()
                    .noneMatch(l -> l.product().key().equals(i.product().key())));
  }

  private static long countSince(List<Instant> times, Instant from) {
    return times.stream().filter(t -> !t.isBefore(from)).count();
  }

  private Hesitation detect(VisitorIntent s, HesitationKind kind, Instant now) {
    List<ProductLine> products;
    Double cartValue = null;
    List<Observation> hints = new ArrayList<>(s.observations);
    switch (kind) {
      case CHECKOUT_ABANDONED, CART_ABANDONED -> {
        products =
            s.cart.values().stream().map(l -> new ProductLine(l.product(), l.quantity())).toList();
        cartValue = s.cart.isEmpty() ? s.lastTotal : Double.valueOf(s.cartValue());
        CheckoutProgress c = s.checkout;
        if (kind == CHECKOUT_ABANDONED
            && c != null
            && config.reasons().isShippingStep(c.stepName())) {
          hints.add(
              new Observation(
                  BehaviourSignal.LEFT_AT_SHIPPING_STEP,
                  c.at(),
                  c.messageId(),
                  "left at checkout step '" + c.stepName() + "'"));
        }
      }
      case PRICE_WATCHING -> {
        Instant from = s.lastActivityAt.minus(rules.priceWatchingWindow());
        List<ProductInterest> watched = watchedProducts(s);
        products = watched.stream().map(i -> new ProductLine(i.product(), null)).toList();
        watched.forEach(
            i ->
                hints.add(
                    new Observation(
                        BehaviourSignal.REPEATED_PRICE_CHECKS,
                        i.lastViewed(),
                        null,
                        i.product().label()
                            + " in "
                            + countSince(i.sessions(), from)
                            + " sessions")));
        watchedPricingPages(s)
            .forEach(
                p ->
                    hints.add(
                        new Observation(
                            BehaviourSignal.REPEATED_PRICE_CHECKS,
                            p.getValue().get(p.getValue().size() - 1),
                            null,
                            p.getKey() + " in " + countSince(p.getValue(), from) + " sessions")));
      }
      default ->
          products =
              browsedProducts(s).stream().map(i -> new ProductLine(i.product(), null)).toList();
    }
    List<LikelyReason> reasons = inference.infer(hints, s.lastActivityAt);
    Instant startedAt = s.episodeStartedAt != null ? s.episodeStartedAt : s.lastActivityAt;
    s.open =
        new OpenHesitation(
            hesitationId(s, startedAt, kind),
            kind,
            startedAt,
            now,
            reasons,
            products,
            cartValue,
            s.currency,
            kind == CHECKOUT_ABANDONED ? s.checkout : null);
    return hesitation(s, s.open, HesitationStatus.DETECTED, null);
  }

  private Optional<Hesitation> purchased(VisitorIntent s, WebEvent e) {
    Optional<Hesitation> resolved = Optional.empty();
    if (s.open != null) {
      OrderInfo order = e.getOrder();
      Instant at = e.getEventTime();
      HesitationResolution resolution =
          HesitationResolution.newBuilder()
              .setOutcome(ResolutionOutcome.CONVERTED)
              .setResolvedAt(at)
              .setOrderId(order == null ? null : order.getOrderId())
              .setRevenue(
                  order == null
                      ? null
                      : order.getRevenue() != null ? order.getRevenue() : order.getTotal())
              // A purchase reported late may carry an event time just before detection: never
              // negative.
              .setTimeToConvertMs(Math.max(0, Duration.between(s.open.detectedAt(), at).toMillis()))
              .build();
      resolved = Optional.of(hesitation(s, s.open, HesitationStatus.RESOLVED, resolution));
    }
    tracker.endEpisode(s);
    return resolved;
  }

  /** "No longer interested" or "bought elsewhere": not worth chasing, whatever else they did. */
  private Optional<Hesitation> answered(VisitorIntent s, WebEvent e) {
    HesitationReason stated = e.getFeedback() == null ? null : e.getFeedback().getStatedReason();
    if (stated != HesitationReason.NO_LONGER_INTERESTED
        && stated != HesitationReason.BOUGHT_ELSEWHERE) {
      return Optional.empty();
    }
    Optional<Hesitation> closed = Optional.empty();
    if (s.open != null) {
      closed =
          Optional.of(
              hesitation(
                  s,
                  s.open,
                  HesitationStatus.CLOSED,
                  resolution(ResolutionOutcome.valueOf(stated.name()), e.getEventTime())));
    }
    tracker.endEpisode(s);
    return closed;
  }

  private Hesitation close(VisitorIntent s, ResolutionOutcome outcome, Instant now) {
    Hesitation closed = hesitation(s, s.open, HesitationStatus.CLOSED, resolution(outcome, now));
    tracker.endEpisode(s);
    return closed;
  }

  private static HesitationResolution resolution(ResolutionOutcome outcome, Instant at) {
    return HesitationResolution.newBuilder().setOutcome(outcome).setResolvedAt(at).build();
  }

  /**
   * Deterministic per visitor, episode and kind: a replay or a timer fired again after a crash
   * yields the same id, so consumers (the notifier) recognise it; a stronger kind in the same
   * episode gets its own id.
   */
  static String hesitationId(VisitorIntent s, Instant startedAt, HesitationKind kind) {
    String name = s.visitorId + "|" + s.episode + "|" + startedAt.toEpochMilli() + "|" + kind;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static Hesitation hesitation(
      VisitorIntent s,
      OpenHesitation open,
      HesitationStatus status,
      HesitationResolution resolution) {
    CheckoutProgress c = open.checkout();
    return Hesitation.newBuilder()
        .setHesitationId(open.hesitationId())
        .setVisitorId(s.visitorId)
        .setUserId(s.userId)
        .setKind(open.kind())
        .setStatus(status)
        .setStartedAt(open.startedAt())
        .setLastActivityAt(s.lastActivityAt)
        .setDetectedAt(open.detectedAt())
        .setCheckout(
            c == null
                ? null
                : CheckoutStepInfo.newBuilder()
                    .setStep(c.step())
                    .setStepName(c.stepName())
                    .setShippingMethod(c.shippingMethod())
                    .setPaymentMethod(c.paymentMethod())
                    .build())
        .setProducts(open.products().stream().map(ProductLine::toAvro).toList())
        .setCartValue(open.cartValue())
        .setCurrency(open.currency())
        .setPrimaryReason(open.reasons().get(0).reason())
        .setReasons(open.reasons().stream().map(HesitationDetector::reasonEvidence).toList())
        .setResolution(resolution)
        .build();
  }

  private static ReasonEvidence reasonEvidence(LikelyReason r) {
    return ReasonEvidence.newBuilder()
        .setReason(r.reason())
        .setConfidence(r.confidence())
        .setEvidence(
            r.evidence().stream()
                .map(
                    o ->
                        Evidence.newBuilder()
                            .setMessageId(o.messageId())
                            .setSignal(o.signal().name())
                            .setAt(o.at())
                            .setDetail(o.detail())
                            .build())
                .toList())
        .build();
  }

  private static boolean isStronger(HesitationKind candidate, HesitationKind open) {
    return STRONGEST_FIRST.indexOf(candidate) < STRONGEST_FIRST.indexOf(open);
  }

  private static boolean isCartBased(HesitationKind kind) {
    return kind == CART_ABANDONED || kind == CHECKOUT_ABANDONED;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** Bots do not hesitate: events ingest flagged as coming from a robot are ignored. */
  private static boolean isBot(WebEvent e) {
    return e.getContext() != null
        && e.getContext().getDevice() != null
        && e.getContext().getDevice().getBot();
  }
}
