package io.leadpipe.hesitation;

import static io.leadpipe.hesitation.Events.CHEAP_SHOE;
import static io.leadpipe.hesitation.Events.SHOE;
import static io.leadpipe.hesitation.Events.SOCKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.hesitation.HesitationDetector.Action;
import io.leadpipe.hesitation.HesitationDetector.Timer;
import io.leadpipe.schemas.common.Evidence;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.common.ReasonEvidence;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.hesitation.ResolutionOutcome;
import io.leadpipe.schemas.social.SocialKind;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The detector's rules without Kafka: events in, timers asked, hesitations out. */
class HesitationDetectorTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);

  private final HesitationDetector detector = new HesitationDetector(HesitationConfig.defaults());
  private final Events shopper = new Events("v-1");
  private final VisitorIntent state = VisitorIntent.of("v-1");

  private Optional<Hesitation> apply(WebEvent e) {
    return detector.onWebEvent(state, e);
  }

  private Timer timer() {
    return detector.nextTimer(state).orElseThrow();
  }

  private List<Hesitation> at(Instant now) {
    return detector.onTimer(state, now).emitted();
  }

  private static Instant t(Duration sinceT0) {
    return T0.plus(sinceT0);
  }

  @Test
  void aCartLeftForAnHourIsCartAbandonedWithItsLinesAndValue() {
    apply(shopper.add(SHOE, T0));
    apply(shopper.add(SOCKS, t(Duration.ofMinutes(2))));
    apply(shopper.add(SOCKS, t(Duration.ofMinutes(3))));

    assertThat(timer())
        .isEqualTo(
            new Timer(t(Duration.ofMinutes(63)), Action.DETECT, HesitationKind.CART_ABANDONED));
    assertThat(at(t(Duration.ofMinutes(62)))).isEmpty();
    Hesitation h = at(t(Duration.ofMinutes(63))).get(0);

    assertThat(h.getKind()).isEqualTo(HesitationKind.CART_ABANDONED);
    assertThat(h.getStatus()).isEqualTo(HesitationStatus.DETECTED);
    assertThat(h.getVisitorId()).isEqualTo("v-1");
    assertThat(h.getStartedAt()).isEqualTo(T0);
    assertThat(h.getLastActivityAt()).isEqualTo(t(Duration.ofMinutes(3)));
    assertThat(h.getDetectedAt()).isEqualTo(t(Duration.ofMinutes(63)));
    assertThat(h.getProducts())
        .extracting(Product::getProductId, Product::getQuantity)
        .containsExactly(tuple("shoe-1", 1), tuple("socks-1", 2));
    assertThat(h.getCartValue()).isEqualTo(113.0);
    assertThat(h.getCheckout()).isNull();
    assertThat(h.getPrimaryReason()).isEqualTo(HesitationReason.UNKNOWN);
    // Detected once: the open hesitation is marked, a later look emits nothing more
    assertThat(at(t(Duration.ofHours(5)))).isEmpty();
  }

  @Test
  void newActivityMovesTheTimer() {
    apply(shopper.add(SHOE, T0));
    apply(shopper.of(WebEventType.PAGE_VIEW, t(Duration.ofMinutes(50))));

    assertThat(timer().dueAt()).isEqualTo(t(Duration.ofMinutes(110)));
    assertThat(at(t(Duration.ofMinutes(61)))).isEmpty();
    assertThat(at(t(Duration.ofMinutes(110))))
        .extracting(Hesitation::getKind)
        .containsExactly(HesitationKind.CART_ABANDONED);
  }

  @Test
  void aCheckoutLeftAtTheShippingStepIsCheckoutAbandonedWithTheStepAndShippingReasons() {
    apply(shopper.add(SHOE, T0));
    apply(
        shopper.checkoutStarted(
            89.0, t(Duration.ofMinutes(1)), Product.newBuilder(SHOE).setQuantity(1).build()));
    apply(shopper.checkoutStep(1, "contact", 89.0, null, t(Duration.ofMinutes(2))));
    WebEvent shipping = shopper.checkoutStep(2, "shipping", 104.9, 15.9, t(Duration.ofMinutes(3)));
    apply(shipping);

    assertThat(timer())
        .isEqualTo(
            new Timer(t(Duration.ofMinutes(63)), Action.DETECT, HesitationKind.CHECKOUT_ABANDONED));
    Hesitation h = at(t(Duration.ofMinutes(63))).get(0);

    assertThat(h.getKind()).isEqualTo(HesitationKind.CHECKOUT_ABANDONED);
    assertThat(h.getCheckout().getStep()).isEqualTo(2);
    assertThat(h.getCheckout().getStepName()).isEqualTo("shipping");
    assertThat(h.getPrimaryReason()).isEqualTo(HesitationReason.SHIPPING);
    ReasonEvidence shippingReason = h.getReasons().get(0);
    assertThat(shippingReason.getConfidence()).isEqualTo(0.8); // jump 0.6 and left at shipping 0.5
    assertThat(shippingReason.getEvidence())
        .extracting(Evidence::getSignal, Evidence::getMessageId)
        .containsExactly(
            tuple("SHIPPING_TOTAL_JUMP", shipping.getMessageId()),
            tuple("LEFT_AT_SHIPPING_STEP", shipping.getMessageId()));
  }

  @Test
  void aProductViewedThreeTimesWithinAWeekAndNotInTheCartIsBrowseAbandonment() {
    apply(shopper.view(SHOE, T0));
    apply(shopper.view(SHOE, t(Duration.ofMinutes(5))));
    assertThat(timer().action()).isEqualTo(Action.FORGET);

    apply(shopper.view(SHOE, t(Duration.ofMinutes(10))));
    assertThat(timer())
        .isEqualTo(
            new Timer(t(Duration.ofMinutes(130)), Action.DETECT, HesitationKind.BROWSE_ABANDONED));
    Hesitation h = at(t(Duration.ofMinutes(130))).get(0);
    assertThat(h.getProducts())
        .extracting(Product::getProductId, Product::getQuantity)
        .containsExactly(tuple("shoe-1", null));
    assertThat(h.getCartValue()).isNull();
  }

  @Test
  void viewsOlderThanTheBrowseWindowDoNotCount() {
    apply(shopper.view(SHOE, T0));
    apply(shopper.view(SHOE, t(Duration.ofDays(8))));
    apply(shopper.view(SHOE, t(Duration.ofDays(8).plusMinutes(1))));
    assertThat(timer().action()).isEqualTo(Action.FORGET);
  }

  @Test
  void theSameProductInThreeSessionsWithinTwoWeeksIsPriceWatchingWithAPriceHint() {
    apply(shopper.view(SHOE, T0));
    apply(shopper.view(SHOE, t(Duration.ofDays(2))));
    apply(shopper.view(SHOE, t(Duration.ofDays(9))));

    // three views too, but sessions say more: price watching is the stronger kind
    assertThat(timer())
        .isEqualTo(
            new Timer(
                t(Duration.ofDays(9).plusHours(2)), Action.DETECT, HesitationKind.PRICE_WATCHING));
    Hesitation h = at(t(Duration.ofDays(9).plusHours(2))).get(0);
    assertThat(h.getKind()).isEqualTo(HesitationKind.PRICE_WATCHING);
    assertThat(h.getPrimaryReason()).isEqualTo(HesitationReason.PRICE);
    assertThat(h.getReasons().get(0).getEvidence())
        .extracting(Evidence::getSignal, Evidence::getDetail)
        .containsExactly(tuple("REPEATED_PRICE_CHECKS", "Trail shoe in 3 sessions"));
  }

  @Test
  void aPricingPageInThreeSessionsIsPriceWatching() {
    apply(shopper.page("/pricing", T0));
    apply(shopper.page("/pricing", t(Duration.ofHours(3))));
    apply(shopper.page("/pricing", t(Duration.ofDays(1))));
    Hesitation h = at(t(Duration.ofDays(1).plusHours(2))).get(0);
    assertThat(h.getKind()).isEqualTo(HesitationKind.PRICE_WATCHING);
    assertThat(h.getProducts()).isEmpty();
    assertThat(h.getReasons().get(0).getEvidence())
        .extracting(Evidence::getDetail)
        .containsExactly("/pricing in 3 sessions");
  }

  @Test
  void viewsWithinOneSessionAreNotPriceWatching() {
    apply(shopper.view(SHOE, T0));
    apply(shopper.view(SHOE, t(Duration.ofMinutes(20))));
    apply(shopper.view(SHOE, t(Duration.ofMinutes(40))));
    assertThat(timer().kind()).isEqualTo(HesitationKind.BROWSE_ABANDONED);
  }

  @Test
  void theStrongestKindWinsAndAStrongerOneSupersedesAnOpenWeakerOneUnderANewId() {
    apply(shopper.view(SHOE, T0));
    apply(shopper.view(SHOE, t(Duration.ofMinutes(1))));
    apply(shopper.view(SHOE, t(Duration.ofMinutes(2))));
    Hesitation browse = at(t(Duration.ofHours(3))).get(0);
    assertThat(browse.getKind()).isEqualTo(HesitationKind.BROWSE_ABANDONED);

    apply(shopper.add(SHOE, t(Duration.ofHours(4))));
    assertThat(timer())
        .isEqualTo(new Timer(t(Duration.ofHours(5)), Action.DETECT, HesitationKind.CART_ABANDONED));
    Hesitation cart = at(t(Duration.ofHours(5))).get(0);

    assertThat(cart.getKind()).isEqualTo(HesitationKind.CART_ABANDONED);
    assertThat(cart.getHesitationId()).isNotEqualTo(browse.getHesitationId());
    assertThat(cart.getStartedAt()).isEqualTo(browse.getStartedAt()); // the same episode
    // a weaker kind never follows a stronger open one
    apply(shopper.view(SOCKS, t(Duration.ofHours(6))));
    apply(shopper.view(SOCKS, t(Duration.ofHours(6).plusMinutes(1))));
    apply(shopper.view(SOCKS, t(Duration.ofHours(6).plusMinutes(2))));
    assertThat(timer().action()).isEqualTo(Action.EXPIRE);
  }

  @Test
  void aPurchaseAfterDetectionResolvesItAsConvertedWithTheTimeToConvert() {
    apply(shopper.add(SHOE, T0));
    Hesitation detected = at(t(HOUR)).get(0);

    Hesitation resolved =
        apply(shopper.purchase("o-1", 89.0, t(Duration.ofHours(26)))).orElseThrow();

    assertThat(resolved.getHesitationId()).isEqualTo(detected.getHesitationId());
    assertThat(resolved.getStatus()).isEqualTo(HesitationStatus.RESOLVED);
    assertThat(resolved.getKind()).isEqualTo(HesitationKind.CART_ABANDONED);
    assertThat(resolved.getDetectedAt()).isEqualTo(detected.getDetectedAt());
    assertThat(resolved.getResolution().getOutcome()).isEqualTo(ResolutionOutcome.CONVERTED);
    assertThat(resolved.getResolution().getOrderId()).isEqualTo("o-1");
    assertThat(resolved.getResolution().getRevenue()).isEqualTo(89.0);
    assertThat(resolved.getResolution().getTimeToConvertMs())
        .isEqualTo(Duration.ofHours(25).toMillis());
    assertThat(timer().action()).isEqualTo(Action.FORGET);
  }

  @Test
  void aPurchaseBeforeDetectionEndsTheEpisodeWithNothingEmitted() {
    apply(shopper.add(SHOE, T0));
    assertThat(apply(shopper.purchase("o-1", 89.0, t(Duration.ofMinutes(20))))).isEmpty();
    assertThat(timer().action()).isEqualTo(Action.FORGET);
    assertThat(at(t(Duration.ofHours(3)))).isEmpty();
  }

  @Test
  void aCartEmptiedAfterDetectionIsClosedAsNotQualifiedUnlessRefilled() {
    apply(shopper.add(SHOE, T0));
    Hesitation detected = at(t(HOUR)).get(0);
    apply(shopper.remove(SHOE, t(Duration.ofHours(2))));
    assertThat(timer())
        .isEqualTo(new Timer(t(Duration.ofHours(3)), Action.CLOSE_NOT_QUALIFIED, null));

    Hesitation closed = at(t(Duration.ofHours(3))).get(0);
    assertThat(closed.getHesitationId()).isEqualTo(detected.getHesitationId());
    assertThat(closed.getStatus()).isEqualTo(HesitationStatus.CLOSED);
    assertThat(closed.getResolution().getOutcome()).isEqualTo(ResolutionOutcome.NOT_QUALIFIED);
    assertThat(closed.getResolution().getResolvedAt()).isEqualTo(t(Duration.ofHours(3)));
  }

  @Test
  void aCartRefilledBeforeTheCloseKeepsTheHesitationOpen() {
    apply(shopper.add(SHOE, T0));
    at(t(HOUR));
    apply(shopper.remove(SHOE, t(Duration.ofHours(2))));
    apply(shopper.add(SOCKS, t(Duration.ofMinutes(150))));
    assertThat(timer().action()).isEqualTo(Action.EXPIRE);
    assertThat(at(t(Duration.ofHours(10)))).isEmpty();
  }

  @Test
  void anOpenHesitationWithNoActivityForTwoWeeksExpiresAndTheVisitorIsForgotten() {
    apply(shopper.add(SHOE, T0));
    at(t(HOUR));
    assertThat(timer())
        .isEqualTo(new Timer(t(HOUR).plus(Duration.ofDays(14)), Action.EXPIRE, null));

    HesitationDetector.TimerOutcome outcome =
        detector.onTimer(state, t(HOUR).plus(Duration.ofDays(14)));
    assertThat(outcome.emitted())
        .extracting(h -> h.getResolution().getOutcome())
        .containsExactly(ResolutionOutcome.EXPIRED);
    assertThat(outcome.forget()).isTrue();
  }

  @Test
  void boughtElsewhereClosesTheHesitationWithThatOutcome() {
    apply(shopper.add(SHOE, T0));
    at(t(HOUR));
    Hesitation closed =
        apply(shopper.feedback(HesitationReason.BOUGHT_ELSEWHERE, t(Duration.ofHours(30))))
            .orElseThrow();
    assertThat(closed.getStatus()).isEqualTo(HesitationStatus.CLOSED);
    assertThat(closed.getResolution().getOutcome()).isEqualTo(ResolutionOutcome.BOUGHT_ELSEWHERE);
    assertThat(apply(shopper.feedback(HesitationReason.PRICE, t(Duration.ofHours(31))))).isEmpty();
  }

  @Test
  void aRetriedEventCountsOnceAndBotsAreIgnored() {
    WebEvent add = shopper.add(SHOE, T0);
    apply(add);
    apply(add);
    apply(shopper.byBot(shopper.add(SOCKS, t(Duration.ofMinutes(1)))));
    Hesitation h = at(t(HOUR)).get(0);
    assertThat(h.getProducts())
        .extracting(Product::getProductId, Product::getQuantity)
        .containsExactly(tuple("shoe-1", 1));
    assertThat(h.getLastActivityAt()).isEqualTo(T0);
  }

  @Test
  void onlyBotTrafficLeavesNothingToKeep() {
    apply(shopper.byBot(shopper.add(SHOE, T0)));
    assertThat(detector.nextTimer(state)).isEmpty();
  }

  @Test
  void hesitationIdsAreTheSameOnReplayAndNewForEachEpisode() {
    apply(shopper.add(SHOE, T0));
    Hesitation first = at(t(HOUR)).get(0);
    VisitorIntent replayed = VisitorIntent.of("v-1");
    Events again = new Events("v-1");
    detector.onWebEvent(replayed, again.add(SHOE, T0));
    assertThat(
            detector.onTimer(replayed, t(Duration.ofHours(2))).emitted().get(0).getHesitationId())
        .isEqualTo(first.getHesitationId());

    apply(shopper.purchase("o-1", 89.0, t(Duration.ofHours(2))));
    apply(shopper.add(SHOE, t(Duration.ofHours(3))));
    Hesitation second = at(t(Duration.ofHours(4))).get(0);
    assertThat(second.getHesitationId()).isNotEqualTo(first.getHesitationId());
    assertThat(second.getStartedAt()).isEqualTo(t(Duration.ofHours(3)));
  }

  @Test
  void reasonsComeFromTheBehaviourBeforeLeavingIncludingSocialQuestions() {
    apply(shopper.view(SHOE, T0));
    apply(shopper.about(WebEventType.REVIEW_READ, SHOE, t(Duration.ofMinutes(1))));
    apply(shopper.add(SHOE, t(Duration.ofMinutes(2))));
    apply(shopper.view(CHEAP_SHOE, t(Duration.ofMinutes(3))));
    detector.onSocialEvent(
        state,
        shopper.social(
            SocialKind.COMMENT, "shoe-1", "Are these true to size?", t(Duration.ofMinutes(30))));
    // the social comment is not activity in the shop: the timer still counts from the last visit
    assertThat(timer().dueAt()).isEqualTo(t(Duration.ofMinutes(63)));

    Hesitation h = at(t(Duration.ofMinutes(63))).get(0);
    assertThat(h.getReasons())
        .extracting(ReasonEvidence::getReason, ReasonEvidence::getConfidence)
        .containsExactly(tuple(HesitationReason.REVIEWS, 0.7), tuple(HesitationReason.PRICE, 0.4));
    assertThat(h.getPrimaryReason()).isEqualTo(HesitationReason.REVIEWS);
  }

  @Test
  void itemsRemovedAfterSeeingTheTotalPointToPrice() {
    apply(shopper.add(SHOE, T0));
    apply(shopper.add(SOCKS, t(Duration.ofMinutes(1))));
    apply(shopper.cartView(101.0, t(Duration.ofMinutes(2))));
    apply(shopper.remove(SOCKS, t(Duration.ofMinutes(3))));
    Hesitation h = at(t(Duration.ofMinutes(63))).get(0);
    assertThat(h.getPrimaryReason()).isEqualTo(HesitationReason.PRICE);
    assertThat(h.getReasons().get(0).getEvidence())
        .extracting(Evidence::getSignal, Evidence::getDetail)
        .containsExactly(tuple("REMOVED_AFTER_TOTAL", "Wool socks"));
  }
}
