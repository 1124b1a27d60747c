package io.leadpipe.hesitation.reason;

import static io.leadpipe.hesitation.Events.CHEAP_SHOE;
import static io.leadpipe.hesitation.Events.SHOE;
import static io.leadpipe.hesitation.Events.SOCKS;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.hesitation.Events;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.social.SocialKind;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignalReaderTest {

  private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");
  private static final ShoppingContext CONSIDERING_SHOE =
      new ShoppingContext(
          false,
          null,
          List.of(
              new ShoppingContext.ConsideredProduct("shoe-1", null, "Trail shoe", "shoes", 89.0)));

  private final SignalReader reader = new SignalReader(ReasonRules.defaults());
  private final Events shopper = new Events("v-1");

  private Optional<BehaviourSignal> signalOf(WebEvent e, ShoppingContext before) {
    return reader.read(e, before).map(Observation::signal);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "COUPON_SEARCH,COUPON_SEARCH", "COUPON_DENIED,COUPON_DENIED",
        "PRICE_COMPARISON,PRICE_COMPARISON",
    "REVIEW_READ,REVIEW_READ", "SPECIFICATIONS_VIEWED,SPECIFICATIONS_VIEWED",
        "SIZE_GUIDE_VIEWED,SIZE_GUIDE_VIEWED",
    "RETURNS_VIEWED,RETURNS_VIEWED", "WARRANTY_VIEWED,WARRANTY_VIEWED",
        "SHIPPING_INFO_VIEWED,SHIPPING_INFO_VIEWED"
  })
  void trackedEventsThatAreThemselvesAHint(WebEventType type, BehaviourSignal signal) {
    WebEvent e = shopper.about(type, SHOE, T);
    Observation o = reader.read(e, ShoppingContext.empty()).orElseThrow();
    assertThat(o.signal()).isEqualTo(signal);
    assertThat(o.messageId()).isEqualTo(e.getMessageId());
    assertThat(o.at()).isEqualTo(T);
  }

  @Test
  void eventsThatSayNothingAboutAReasonGiveNoHint() {
    assertThat(signalOf(shopper.view(SHOE, T), ShoppingContext.empty())).isEmpty();
    assertThat(signalOf(shopper.add(SHOE, T), CONSIDERING_SHOE)).isEmpty();
    assertThat(signalOf(shopper.of(WebEventType.NEWSLETTER_SIGNUP, T), CONSIDERING_SHOE)).isEmpty();
  }

  @Test
  void aShopSearchForDiscountWordsIsACouponSearchWholeWordsOnly() {
    Observation o =
        reader
            .read(shopper.search("trail shoes on SALE", T), ShoppingContext.empty())
            .orElseThrow();
    assertThat(o.signal()).isEqualTo(BehaviourSignal.COUPON_SEARCH);
    assertThat(o.detail()).isEqualTo("search 'trail shoes on SALE'");
    assertThat(signalOf(shopper.search("wholesale trail shoes", T), ShoppingContext.empty()))
        .isEmpty();
    assertThat(signalOf(shopper.search("an ideal gift", T), ShoppingContext.empty())).isEmpty();
  }

  @Test
  void aCouponSearchKeepsWhatWasSearched() {
    assertThat(
            reader
                .read(shopper.couponSearch("trail shoe discount code", T), ShoppingContext.empty())
                .map(Observation::detail))
        .contains("trail shoe discount code");
  }

  @Test
  void removingAnItemCountsForPriceOnlyAfterATotalWasShown() {
    WebEvent removal = shopper.remove(SHOE, T);
    assertThat(signalOf(removal, CONSIDERING_SHOE)).isEmpty();
    ShoppingContext sawTotal = new ShoppingContext(true, 89.0, CONSIDERING_SHOE.considered());
    Observation o = reader.read(removal, sawTotal).orElseThrow();
    assertThat(o.signal()).isEqualTo(BehaviourSignal.REMOVED_AFTER_TOTAL);
    assertThat(o.detail()).isEqualTo("Trail shoe");
  }

  @Test
  void aClearlyCheaperProductOfTheSameCategoryOrACheaperVariantIsACheaperAlternative() {
    Observation o = reader.read(shopper.view(CHEAP_SHOE, T), CONSIDERING_SHOE).orElseThrow();
    assertThat(o.signal()).isEqualTo(BehaviourSignal.CHEAPER_VARIANT_VIEWED);
    assertThat(o.detail()).isEqualTo("Budget runner at 49.00 instead of Trail shoe at 89.00");

    Product cheaperVariant = Events.withVariant(SHOE, "last season", 69.0);
    assertThat(signalOf(shopper.view(cheaperVariant, T), CONSIDERING_SHOE))
        .contains(BehaviourSignal.CHEAPER_VARIANT_VIEWED);
  }

  @Test
  void notAnAlternativeWhenBarelyCheaperOtherCategoryOrNothingConsidered() {
    Product almostSame = Events.product("shoe-3", "Trail shoe II", "shoes", 85.0);
    assertThat(signalOf(shopper.view(almostSame, T), CONSIDERING_SHOE)).isEmpty();
    assertThat(signalOf(shopper.view(SOCKS, T), CONSIDERING_SHOE)).isEmpty();
    assertThat(signalOf(shopper.view(CHEAP_SHOE, T), ShoppingContext.empty())).isEmpty();
    assertThat(signalOf(shopper.view(SHOE, T), CONSIDERING_SHOE)).isEmpty();
  }

  @Test
  void aTotalThatJumpsWhenShippingIsAddedIsAShippingHint() {
    ShoppingContext sawCart = new ShoppingContext(true, 89.0, CONSIDERING_SHOE.considered());
    Observation o =
        reader.read(shopper.checkoutStep(2, "shipping", 104.9, 15.9, T), sawCart).orElseThrow();
    assertThat(o.signal()).isEqualTo(BehaviourSignal.SHIPPING_TOTAL_JUMP);
    assertThat(o.detail()).isEqualTo("total 89.00 -> 104.90 (shipping 15.90)");
    // +5.6 % is below the 15 % threshold
    assertThat(signalOf(shopper.checkoutStep(2, "shipping", 93.9, 4.9, T), sawCart)).isEmpty();
    // a rise at a step that adds no shipping (e.g. a gift wrap) is not about shipping
    assertThat(signalOf(shopper.checkoutStep(1, "contact", 109.0, null, T), sawCart)).isEmpty();
    // no earlier total: nothing to compare
    assertThat(signalOf(shopper.checkoutStep(2, "shipping", 104.9, 15.9, T), CONSIDERING_SHOE))
        .isEmpty();
  }

  @Test
  void pagesOfShopsThatTrackOnlyPageViewsMapByPath() {
    assertThat(signalOf(shopper.page("/shipping-and-delivery", T), ShoppingContext.empty()))
        .contains(BehaviourSignal.SHIPPING_INFO_VIEWED);
    assertThat(signalOf(shopper.page("/Returns/policy", T), ShoppingContext.empty()))
        .contains(BehaviourSignal.RETURNS_VIEWED);
    assertThat(signalOf(shopper.page("/size-guide", T), ShoppingContext.empty()))
        .contains(BehaviourSignal.SIZE_GUIDE_VIEWED);
    assertThat(signalOf(shopper.page("/products/shoe-1", T), ShoppingContext.empty())).isEmpty();
  }

  @Test
  void aSocialQuestionAboutTheConsideredProductIsAReviewsHint() {
    Observation o =
        reader
            .read(
                shopper.social(SocialKind.COMMENT, "shoe-1", "Anyone tried these on long runs?", T),
                CONSIDERING_SHOE)
            .orElseThrow();
    assertThat(o.signal()).isEqualTo(BehaviourSignal.SOCIAL_QUESTION);
    assertThat(o.detail()).isEqualTo("instagram comment: Anyone tried these on long runs?");
    assertThat(
            reader.read(
                shopper.social(SocialKind.MENTION, null, "is this brand legit", T),
                CONSIDERING_SHOE))
        .map(Observation::signal)
        .contains(BehaviourSignal.SOCIAL_QUESTION);
  }

  @Test
  void notAReviewsHintWhenNotAQuestionAboutAnotherProductOrNotAConversation() {
    assertThat(
            reader.read(
                shopper.social(SocialKind.COMMENT, "shoe-1", "Love them!", T), CONSIDERING_SHOE))
        .isEmpty();
    assertThat(
            reader.read(
                shopper.social(SocialKind.COMMENT, "socks-1", "Are they warm?", T),
                CONSIDERING_SHOE))
        .isEmpty();
    assertThat(reader.read(shopper.social(SocialKind.LIKE, "shoe-1", "?", T), CONSIDERING_SHOE))
        .isEmpty();
  }

  @Test
  void aDeniedCouponKeepsTheCode() {
    WebEvent denied =
        shopper
            .web(WebEventType.COUPON_DENIED, T)
            .setOrder(OrderInfo.newBuilder().setCoupon("WELCOME10").build())
            .build();
    assertThat(reader.read(denied, ShoppingContext.empty()).map(Observation::detail))
        .contains("WELCOME10");
  }
}
