package io.leadpipe.scoring.profile;

import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.social.SocialKind;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.engagement.EngagementScorer;
import io.leadpipe.scoring.engagement.SignalState;
import io.leadpipe.scoring.history.ScoreHistory;
import io.leadpipe.scoring.leadtype.PurchaseStats;
import io.leadpipe.scoring.lifecycle.HesitationState;
import io.leadpipe.scoring.lifecycle.OpenHesitation;
import io.leadpipe.scoring.referral.ReferralEvent;
import io.leadpipe.scoring.referral.ReferralTouch;
import io.leadpipe.scoring.referral.ReferralTracker;
import io.leadpipe.scoring.referral.SelfReferral;
import io.leadpipe.scoring.rfm.TopCategories;
import io.leadpipe.scoring.traits.KnownTraits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * input → the visitor's next state (with its score-history point) and the referral reports it
 * causes. A visitor's own event (web, social, identify) older than their latest one minus the grace
 * is dropped; hesitations and referral credits are always applied. Every score is computed as of
 * the latest event time applied. The state remembers the message ids it applied, so a retried input
 * is recognised and changes nothing ({@link #DUPLICATE}).
 */
public final class ProfileUpdater {

  /** The state after an input, and reports for the referral codes' side. */
  public record Update(ProfileState state, List<ReferralEvent> referrals) {}

  /**
   * What {@link #apply} answers when the state already applied the input's message within the
   * dedupe window (producers and clients retry): nothing changes, and unlike an input too late for
   * the state, the input counts for nothing else either.
   */
  public static final Update DUPLICATE = new Update(null, List.of());

  private final ScoringRules rules;
  private final Duration grace;
  private final long dedupeWindowMillis;
  private final EngagementScorer engagement;
  private final ProfileScorer scorer;
  private final ReferralTracker referrals;

  /**
   * @param dedupeWindow a message id applied again less than this (event time) after or before its
   *     first application is a duplicate
   */
  public ProfileUpdater(ScoringRules rules, Duration grace, Duration dedupeWindow) {
    this.rules = rules;
    this.grace = grace;
    this.dedupeWindowMillis = dedupeWindow.toMillis();
    this.engagement = new EngagementScorer(rules.engagement());
    this.scorer = new ProfileScorer(rules);
    this.referrals = new ReferralTracker(rules.referral());
  }

  /**
   * Applies {@code input} to {@code current} (null for a visitor not seen yet); {@link #DUPLICATE}
   * when the state applied its message within the dedupe window already, null when the input is
   * dropped as too late. Inputs without a message id (derived ones, harmless twice) are never
   * duplicates.
   */
  public Update apply(String visitorId, ProfileState current, VisitorInput input) {
    Instant at = input.eventTime();
    String messageId = input.dedupeKey();
    long messageHash = messageId == null ? 0 : RecentMessages.hashOf(messageId);
    if (messageId != null
        && current != null
        && current.recentMessages().contains(messageHash, at.toEpochMilli(), dedupeWindowMillis)) {
      return DUPLICATE;
    }
    if (current != null && input.byVisitor() && at.isBefore(current.lastSeen().minus(grace))) {
      return null;
    }
    Draft d = new Draft(current != null ? current : ProfileState.empty(visitorId, at), at);
    if (input instanceof VisitorInput.Web web) {
      web(d, web.event());
    } else if (input instanceof VisitorInput.Social social) {
      social(d, social.event());
    } else if (input instanceof VisitorInput.Identity identity) {
      identity(d, identity.event());
    } else if (input instanceof VisitorInput.HesitationUpdate update) {
      hesitation(d, update.hesitation());
    } else if (input instanceof VisitorInput.Credit credit
        && !SelfReferral.creditsThemselves(
            credit.credit(), d.visitorId, d.userId, d.anonymousIds)) {
      d.reach = d.reach.credited(credit.credit());
    }
    ProfileState next =
        d.build(
            input.byVisitor(),
            messageId == null ? d.from.recentMessages() : remembered(d.from, messageHash, at));
    next =
        next.withHistory(
            ScoreHistory.append(next.history(), scorer.historyPoint(next), rules.history()));
    return new Update(next, d.reports);
  }

  /**
   * What a web event changes: counters and sessions, engagement, cart, purchases (a cancelled order
   * takes its purchase back, a refund its amount), categories, referrals, stated reason.
   */
  private void web(Draft d, WebEvent e) {
    Instant at = e.getEventTime();
    d.knownAs(e.getUserId(), e.getAnonymousId());
    d.signal(Signals.of(e, rules.engagement()));
    d.activity = d.activity.web(e.getType(), at, rules.activity().sessionInactivity());
    if (e.getContext() != null) {
      d.traits = d.traits.withObservedTimezone(e.getContext().getTimezone());
    }
    boolean share =
        e.getType() == WebEventType.PRODUCT_SHARED || e.getType() == WebEventType.CART_SHARED;
    if (!share && e.getReferralCode() != null) {
      // On any event but a share the code is the one the visit arrived with (?ref=): the sharer's.
      // Handled first, so a visit that arrives with a code and buys at once is referred, then buys.
      d.referral(referrals.arrived(d.referral, d.visitorId, e.getReferralCode(), at));
    }
    int cartLines = rules.limits().cartLinesKept();
    switch (e.getType()) {
      case PRODUCT_VIEW -> {
        if (e.getProduct() != null) {
          d.categoryViews =
              TopCategories.add(
                  d.categoryViews,
                  e.getProduct().getCategory(),
                  1,
                  rules.limits().categoriesKept());
        }
      }
      case CART_ADD -> d.cart = d.cart.add(productsOf(e), cartLines);
      case CART_REMOVE -> d.cart = d.cart.remove(productsOf(e));
      case CART_VIEW, CHECKOUT_STARTED -> {
        if (!e.getItems().isEmpty()) {
          d.cart = d.cart.replace(e.getItems(), cartLines);
        }
      }
      case PURCHASE -> purchase(d, e, at);
      case ORDER_CANCELLED -> d.purchases = d.purchases.cancelled(revenueOf(e), quantityOf(e));
      case ORDER_REFUNDED -> d.purchases = d.purchases.refunded(revenueOf(e));
      case PRODUCT_SHARED, CART_SHARED -> {
        d.reach = d.reach.shared(at);
        d.referral(referrals.shared(d.referral, d.visitorId, e.getReferralCode(), at));
      }
      case FEEDBACK_ANSWER -> {
        if (e.getFeedback() != null
            && e.getFeedback().getStatedReason() != HesitationReason.UNKNOWN) {
          d.hesitation = d.hesitation.stated(e.getFeedback().getStatedReason().name(), at);
        }
      }
      default -> {}
    }
  }

  private void purchase(Draft d, WebEvent e, Instant at) {
    double revenue = revenueOf(e);
    d.purchases = d.purchases.plus(at, revenue, quantityOf(e));
    d.cart = Cart.empty();
    d.hesitation = d.hesitation.purchased(at);
    String orderRef =
        e.getOrder() != null && e.getOrder().getOrderId() != null
            ? e.getOrder().getOrderId()
            : e.getMessageId();
    d.referral(referrals.purchased(d.referral, d.visitorId, at, revenue, orderRef));
  }

  private static long quantityOf(WebEvent e) {
    return e.getItems().stream()
        .mapToLong(p -> p.getQuantity() == null ? 1 : p.getQuantity())
        .sum();
  }

  /**
   * Revenue as the shop reports it (Segment's revenue, else total, else the lines' sum): of a
   * purchase, of a cancelled order, or the amount of a refund (a partial refund lists the lines
   * refunded).
   */
  private static double revenueOf(WebEvent e) {
    OrderInfo o = e.getOrder();
    if (o != null && o.getRevenue() != null) {
      return o.getRevenue();
    }
    if (o != null && o.getTotal() != null) {
      return o.getTotal();
    }
    return e.getItems().stream()
        .mapToDouble(
            p ->
                (p.getPrice() == null ? 0 : p.getPrice())
                    * (p.getQuantity() == null ? 1 : p.getQuantity()))
        .sum();
  }

  private static List<Product> productsOf(WebEvent e) {
    return e.getProduct() != null ? List.of(e.getProduct()) : e.getItems();
  }

  /**
   * What a social interaction changes: engagement, reach (followers, shares, mentions), handle,
   * referrals.
   */
  private void social(Draft d, SocialEvent e) {
    Instant at = e.getEventTime();
    d.knownAs(e.getUserId(), e.getAnonymousId());
    d.signal(Signals.of(e));
    d.activity = d.activity.social();
    if (e.getFollowerCount() != null) {
      d.reach = d.reach.followers(e.getNetwork(), e.getFollowerCount(), at);
    }
    if (e.getActorHandle() != null) {
      d.traits = d.traits.withSocialHandle(e.getNetwork(), e.getActorHandle(), at);
    }
    if (e.getKind() == SocialKind.SHARE) {
      d.reach = d.reach.shared(at);
      d.referral(referrals.shared(d.referral, d.visitorId, e.getReferralCode(), at));
    } else if (e.getKind() == SocialKind.MENTION) {
      d.reach = d.reach.mentioned(at);
    } else if (e.getKind() == SocialKind.REFERRAL_CLICK) {
      d.referral(referrals.arrived(d.referral, d.visitorId, e.getReferralCode(), at));
    }
  }

  /** identify: traits and consent, field by field; alias: the previous id is this visitor too. */
  private void identity(Draft d, IdentityEvent e) {
    d.knownAs(e.getUserId(), e.getAnonymousId());
    if (e.getKind() == IdentityKind.ALIAS) {
      d.knownAs(null, e.getPreviousId());
    } else {
      d.traits = d.traits.merge(e.getTraits(), e.getEventTime(), rules.limits().customTraitsKept());
    }
  }

  private void hesitation(Draft d, Hesitation h) {
    if (h.getStatus() == HesitationStatus.DETECTED) {
      d.hesitation =
          d.hesitation.detected(
              new OpenHesitation(
                  h.getHesitationId(),
                  h.getKind().name(),
                  h.getDetectedAt(),
                  h.getLastActivityAt(),
                  h.getPrimaryReason().name(),
                  h.getReasons().stream()
                      .map(
                          r ->
                              new OpenHesitation.LikelyReason(
                                  r.getReason().name(), r.getConfidence()))
                      .toList()));
    } else {
      d.hesitation = d.hesitation.closed(h.getHesitationId());
    }
  }

  /** A working copy of the state while one input is applied. */
  private final class Draft {
    private final ProfileState from;
    private final String visitorId;
    private final Instant at;
    private String userId;
    private final List<String> anonymousIds;
    private ActivityCounts activity;
    private Cart cart;
    private Map<String, SignalState> signals;
    private PurchaseStats purchases;
    private Map<String, Double> categoryViews;
    private KnownTraits traits;
    private Reach reach;
    private ReferralTouch referral;
    private HesitationState hesitation;
    private final List<ReferralEvent> reports = new ArrayList<>(1);

    Draft(ProfileState s, Instant at) {
      this.from = s;
      this.visitorId = s.visitorId();
      this.at = at;
      this.userId = s.userId();
      this.anonymousIds = new ArrayList<>(s.anonymousIds());
      this.activity = s.activity();
      this.cart = s.cart();
      this.signals = s.signals();
      this.purchases = s.purchases();
      this.categoryViews = s.categoryViews();
      this.traits = s.traits();
      this.reach = s.reach();
      this.referral = s.referral();
      this.hesitation = s.hesitation();
    }

    void signal(String signal) {
      if (signal != null) {
        signals = engagement.apply(signals, signal, at);
      }
    }

    /**
     * Remembers the user id and the anonymous ids (other than the visitor id) this visitor is known
     * by.
     */
    void knownAs(String user, String anonymousId) {
      if (user != null && !user.isEmpty()) {
        userId = user;
      }
      if (anonymousId != null
          && !anonymousId.equals(visitorId)
          && !anonymousIds.contains(anonymousId)) {
        anonymousIds.add(anonymousId);
        while (anonymousIds.size() > rules.limits().anonymousIdsKept()) {
          anonymousIds.remove(0);
        }
      }
    }

    void referral(ReferralTracker.Step step) {
      referral = step.touch();
      // The code's side tells a visitor seen again under another id from a new one by these.
      List<String> otherIds = new ArrayList<>(anonymousIds);
      if (userId != null && !userId.equals(visitorId)) {
        otherIds.add(userId);
      }
      step.reports().forEach(report -> reports.add(report.knownAs(otherIds)));
    }

    ProfileState build(boolean seen, RecentMessages recentMessages) {
      Instant firstSeen = seen && at.isBefore(from.firstSeen()) ? at : from.firstSeen();
      Instant lastSeen = seen && at.isAfter(from.lastSeen()) ? at : from.lastSeen();
      Instant asOf = at.isAfter(from.asOf()) ? at : from.asOf();
      return new ProfileState(
          visitorId,
          userId,
          anonymousIds,
          firstSeen,
          lastSeen,
          asOf,
          from.revision() + 1,
          activity,
          cart,
          signals,
          purchases,
          categoryViews,
          traits,
          reach,
          referral,
          hesitation,
          from.history(),
          recentMessages);
    }
  }

  /**
   * The state's message ids with this input's. Those applied more than the window before the
   * earliest event still accepted (the latest seen minus the grace) cannot match an input any more:
   * they are forgotten.
   */
  private RecentMessages remembered(ProfileState from, long messageHash, Instant at) {
    long atMillis = at.toEpochMilli();
    long latestSeen = Math.max(from.lastSeen().toEpochMilli(), atMillis);
    long keepFrom = latestSeen - grace.toMillis() - dedupeWindowMillis;
    return from.recentMessages()
        .remember(messageHash, atMillis, keepFrom, rules.limits().messageIdsKept());
  }
}
