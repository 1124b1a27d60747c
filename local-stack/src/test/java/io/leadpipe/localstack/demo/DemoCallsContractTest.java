package io.leadpipe.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.social.SocialKind;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's calls run through ingest's real mappers (the code behind /v1/batch and /v1/social), so
 * every persona feature is proven to land as the intended contract field, not in a catch-all.
 */
class DemoCallsContractTest {

  private static final String SHOP = "http://localhost:8080/demo/shop.html";

  /**
   * Properties ingest keeps as JSON text because the contract has no field for them (by design).
   */
  private static final Set<String> UNMAPPED_BY_DESIGN =
      Set.of(
          "name", // a page's name (WebEvent.name is "page" for page calls)
          "category", // the category of a product list
          "currency", // of a single product; orders carry theirs in OrderInfo
          "reason", // why a coupon was denied
          "list", // the newsletter subscribed to
          "share_via"); // the network a product was shared on

  /** scoring-stream's default target customer (TargetCustomer.defaults()). */
  private static final Set<String> TARGET_COUNTRIES =
      Set.of("DE", "FR", "ES", "IT", "NL", "US", "GB");

  private static final Set<String> TARGET_INTERESTS =
      Set.of("fashion", "shoes", "accessories", "lifestyle");
  private static final Set<String> TARGET_INCOMES = Set.of("middle", "upper-middle", "high");

  private static IngestedCalls ingest;

  @BeforeAll
  static void mappers() {
    ingest = new IngestedCalls();
  }

  @Test
  void every_call_of_every_persona_is_accepted_with_nothing_left_in_catch_alls() {
    ShopperFactory factory = new ShopperFactory(new Random(11));
    Random random = new Random(12);
    List<SpecificRecord> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Shopper shopper = factory.next();
      records.addAll(map(plan(shopper, random)));
      if (shopper.referralCode() != null) {
        records.addAll(map(plan(factory.referredBy(shopper.referralCode()), random)));
      }
    }

    assertThat(records).isNotEmpty();
    for (SpecificRecord r : records) {
      if (r instanceof WebEvent e) {
        assertThat(e.getType()).as(e.getName()).isNotEqualTo(WebEventType.CUSTOM);
        assertThat(e.getProperties().keySet()).as(e.getName()).isSubsetOf(UNMAPPED_BY_DESIGN);
        assertThat(e.getContext().getDevice().getBrowser()).isNotNull();
        assertThat(e.getContext().getLocale()).isNotNull();
      } else if (r instanceof IdentityEvent e) {
        assertThat(e.getTraits().getCustom()).isEmpty();
      } else {
        assertThat(((SocialEvent) r).getKind()).isNotEqualTo(SocialKind.OTHER);
      }
    }
  }

  @Test
  void
      a_bargain_hunter_searches_coupons_compares_prices_views_the_cheaper_variant_and_leaves_at_checkout() {
    List<WebEvent> events =
        webEvents(map(plan(shopper(Persona.BARGAIN_HUNTER, s -> true), new Random(1))));

    assertThat(ofType(events, WebEventType.COUPON_SEARCH))
        .hasSize(2)
        .anyMatch(e -> e.getQuery() != null && e.getQuery().startsWith("discount code"))
        .anyMatch(e -> e.getOrder() != null && "SAVE20".equals(e.getOrder().getCoupon()));
    assertThat(ofType(events, WebEventType.PRICE_COMPARISON))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getProduct().getPrice())
                    .isGreaterThanOrEqualTo(Catalogue.PREMIUM_PRICE));
    assertThat(ofType(events, WebEventType.CHECKOUT_STARTED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getOrder().getTotal()).isPositive();
              assertThat(e.getItems()).isNotEmpty();
            });
    assertThat(types(events))
        .contains(WebEventType.CART_ADD, WebEventType.COUPON_DENIED)
        .doesNotContain(WebEventType.PURCHASE);
  }

  @Test
  void a_review_reader_reads_reviews_and_asks_about_the_product_on_social_media() {
    List<SpecificRecord> records =
        map(plan(shopper(Persona.REVIEW_READER, Shopper::identifies), new Random(1)));

    assertThat(ofType(webEvents(records), WebEventType.REVIEW_READ))
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.getProduct().getProductId()).isNotNull());
    assertThat(socialEvents(records))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKind()).isEqualTo(SocialKind.MENTION);
              assertThat(e.getText()).contains("Worth it?");
              assertThat(e.getProductId()).isNotNull();
            });
    assertThat(types(webEvents(records)))
        .contains(WebEventType.CART_ADD)
        .doesNotContain(WebEventType.PURCHASE);
  }

  @Test
  void a_quality_doubter_looks_at_specifications_size_guide_returns_and_warranty() {
    List<WebEvent> events =
        webEvents(map(plan(shopper(Persona.QUALITY_DOUBTER, s -> true), new Random(1))));

    assertThat(types(events))
        .contains(
            WebEventType.SPECIFICATIONS_VIEWED,
            WebEventType.SIZE_GUIDE_VIEWED,
            WebEventType.RETURNS_VIEWED,
            WebEventType.WARRANTY_VIEWED,
            WebEventType.CART_ADD);
  }

  @Test
  void a_shipping_sensitive_shopper_sees_the_total_jump_at_the_shipping_step_and_leaves() {
    List<WebEvent> events =
        webEvents(map(plan(shopper(Persona.SHIPPING_SENSITIVE, s -> true), new Random(1))));

    double cartValue = ofType(events, WebEventType.CHECKOUT_STARTED).get(0).getOrder().getTotal();
    assertThat(ofType(events, WebEventType.CHECKOUT_STEP))
        .last()
        .satisfies(
            e -> {
              assertThat(e.getCheckout().getStep()).isEqualTo(2);
              assertThat(e.getCheckout().getStepName()).isEqualTo("shipping");
              assertThat(e.getOrder().getShipping()).isEqualTo(ShopperJourney.BULKY_SHIPPING);
              assertThat(e.getOrder().getTotal())
                  .isEqualTo(cartValue + ShopperJourney.BULKY_SHIPPING);
            });
    assertThat(events)
        .last()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo(WebEventType.SHIPPING_INFO_VIEWED);
              assertThat(e.getOrder().getShipping()).isEqualTo(ShopperJourney.BULKY_SHIPPING);
            });
  }

  @Test
  void a_price_watcher_returns_to_the_same_product_and_the_prices_page_without_adding_it() {
    List<WebEvent> events =
        webEvents(map(plan(shopper(Persona.PRICE_WATCHER, s -> true), new Random(1))));

    assertThat(ofType(events, WebEventType.PRODUCT_VIEW))
        .hasSize(ShopperJourney.PRICE_WATCHER_VISITS)
        .extracting(e -> e.getProduct().getProductId())
        .containsOnly(ofType(events, WebEventType.PRODUCT_VIEW).get(0).getProduct().getProductId());
    assertThat(ofType(events, WebEventType.PAGE_VIEW))
        .filteredOn(e -> "/pricing".equals(e.getContext().getPagePath()))
        .hasSize(ShopperJourney.PRICE_WATCHER_VISITS);
    assertThat(types(events)).doesNotContain(WebEventType.CART_ADD);
  }

  @Test
  void a_loyal_buyer_pays_subscribes_and_comes_back_to_buy_again() {
    List<WebEvent> events =
        webEvents(map(plan(shopper(Persona.LOYAL_BUYER, s -> true), new Random(1))));

    assertThat(ofType(events, WebEventType.PURCHASE))
        .hasSize(2)
        .allSatisfy(
            e -> {
              assertThat(e.getOrder().getOrderId()).isNotNull();
              assertThat(e.getOrder().getCheckoutId()).isNotNull();
              assertThat(e.getOrder().getRevenue()).isPositive();
              assertThat(e.getItems()).isNotEmpty();
            });
    assertThat(ofType(events, WebEventType.PAYMENT_INFO_ENTERED))
        .allSatisfy(e -> assertThat(e.getCheckout().getPaymentMethod()).isEqualTo("card"));
    assertThat(types(events)).contains(WebEventType.NEWSLETTER_SIGNUP);
  }

  @Test
  void an_influencer_follows_likes_shares_and_mentions_and_friends_arrive_with_the_referral_code() {
    Shopper influencer = shopper(Persona.INFLUENCER, s -> true);
    List<SpecificRecord> records = map(plan(influencer, new Random(1)));

    assertThat(socialEvents(records))
        .extracting(SocialEvent::getKind)
        .contains(SocialKind.FOLLOW, SocialKind.LIKE, SocialKind.SHARE, SocialKind.MENTION);
    assertThat(socialEvents(records))
        .filteredOn(e -> e.getKind() == SocialKind.SHARE)
        .singleElement()
        .satisfies(e -> assertThat(e.getReferralCode()).isEqualTo(influencer.referralCode()));
    assertThat(socialEvents(records))
        .allSatisfy(e -> assertThat(e.getFollowerCount()).isGreaterThanOrEqualTo(5_000));
    assertThat(ofType(webEvents(records), WebEventType.PRODUCT_SHARED))
        .singleElement()
        .satisfies(e -> assertThat(e.getReferralCode()).isEqualTo(influencer.referralCode()));
    assertThat(identityEvents(records))
        .singleElement()
        .satisfies(e -> assertThat(e.getTraits().getSocialHandles()).containsKey("instagram"));

    Shopper friend = new ShopperFactory(new Random(2)).referredBy(influencer.referralCode());
    List<SpecificRecord> friendRecords = map(plan(friend, new Random(2)));
    assertThat(socialEvents(friendRecords))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKind()).isEqualTo(SocialKind.REFERRAL_CLICK);
              assertThat(e.getReferralCode()).isEqualTo(influencer.referralCode());
              assertThat(e.getFollowerCount()).isLessThan(5_000);
            });
    List<WebEvent> visit = webEvents(friendRecords);
    assertThat(visit.get(0).getType()).isEqualTo(WebEventType.PAGE_VIEW);
    assertThat(visit.get(0).getReferralCode()).isEqualTo(influencer.referralCode());
    assertThat(visit.subList(1, visit.size()))
        .allSatisfy(e -> assertThat(e.getReferralCode()).isNull());
  }

  @Test
  void a_window_shopper_browses_searches_and_reads_about_the_shop() {
    List<WebEvent> events =
        webEvents(map(plan(shopper(Persona.WINDOW_SHOPPER, s -> true), new Random(1))));

    assertThat(types(events))
        .contains(WebEventType.PRODUCT_LIST_VIEW, WebEventType.SEARCH, WebEventType.PRODUCT_VIEW)
        .doesNotContain(WebEventType.CART_ADD);
    assertThat(ofType(events, WebEventType.SEARCH))
        .allSatisfy(e -> assertThat(e.getQuery()).isNotBlank());
  }

  @Test
  void target_fit_shoppers_match_the_default_target_customer_and_off_target_ones_do_not() {
    ShopperFactory factory = new ShopperFactory(new Random(21));
    List<Shopper> identified =
        IntStream.range(0, 300).mapToObj(i -> factory.next()).filter(Shopper::identifies).toList();

    assertThat(identified).anyMatch(Shopper::targetFit).anyMatch(s -> !s.targetFit());
    for (Shopper s : identified) {
      Traits traits = identityEvents(map(plan(s, new Random(1)))).get(0).getTraits();
      boolean ageFits = traits.getAge() >= 25 && traits.getAge() <= 45;
      long sharedInterests =
          traits.getInterests().stream().filter(TARGET_INTERESTS::contains).count();
      if (s.targetFit()) {
        assertThat(ageFits).isTrue();
        assertThat(traits.getIncomeBand()).isIn(TARGET_INCOMES);
        assertThat(traits.getCountry()).isIn(TARGET_COUNTRIES);
        assertThat(sharedInterests).isGreaterThanOrEqualTo(2);
      } else {
        assertThat(ageFits).isFalse();
        assertThat(traits.getIncomeBand()).isNotIn(TARGET_INCOMES);
        assertThat(traits.getCountry()).isNotIn(TARGET_COUNTRIES);
        assertThat(sharedInterests).isZero();
      }
      assertThat(traits.getCity()).isNotNull();
      assertThat(traits.getTimezone()).isNotNull();
      assertThat(traits.getConsent().get("email").getStatus())
          .isIn(ConsentStatus.GRANTED, ConsentStatus.DENIED);
    }
    assertThat(identified)
        .extracting(s -> s.traits().get("consent").toString())
        .anyMatch(c -> c.contains("granted"))
        .anyMatch(c -> c.contains("denied"));
  }

  @Test
  void some_shoppers_arrive_from_campaigns_with_utm_fields() {
    ShopperFactory factory = new ShopperFactory(new Random(31));
    List<WebEvent> landings =
        IntStream.range(0, 100)
            .mapToObj(i -> factory.next())
            .map(s -> webEvents(map(plan(s, new Random(1)))).get(0))
            .toList();

    assertThat(landings).allSatisfy(e -> assertThat(e.getType()).isEqualTo(WebEventType.PAGE_VIEW));
    assertThat(landings)
        .anyMatch(
            e -> e.getContext().getUtm() != null && e.getContext().getUtm().getCampaign() != null)
        .anyMatch(e -> e.getContext().getUtm() == null);
  }

  @Test
  void a_survey_answer_states_the_real_reason_for_the_follow_up_that_asked() {
    Shopper reader = shopper(Persona.REVIEW_READER, s -> true);
    WebEvent answer = webEvents(map(FollowupReactions.surveyAnswer(reader, "h-1#3", SHOP))).get(0);

    assertThat(answer.getType()).isEqualTo(WebEventType.FEEDBACK_ANSWER);
    assertThat(answer.getFeedback().getStatedReason()).isEqualTo(HesitationReason.REVIEWS);
    assertThat(answer.getFeedback().getFollowupId()).isEqualTo("h-1#3");
    assertThat(answer.getFeedback().getQuestion()).isEqualTo(FollowupReactions.SURVEY_QUESTION);
  }

  @Test
  void a_purchase_after_a_follow_up_is_an_order_with_revenue() {
    Shopper hunter = shopper(Persona.BARGAIN_HUNTER, s -> true);
    WebEvent order =
        webEvents(map(FollowupReactions.purchase(hunter, "order", "h-1#2", SHOP, new Random(1))))
            .get(0);

    assertThat(order.getType()).isEqualTo(WebEventType.PURCHASE);
    assertThat(order.getOrder().getRevenue()).isPositive();
    assertThat(order.getItems()).hasSize(1);
    assertThat(
            FollowupReactions.purchase(hunter, "order", "h-1#2", SHOP, new Random(2))
                .get(0)
                .body()
                .get("messageId"))
        .as("a re-delivered webhook gives the same message id, deduplicated downstream")
        .isEqualTo(
            FollowupReactions.purchase(hunter, "order", "h-1#2", SHOP, new Random(1))
                .get(0)
                .body()
                .get("messageId"));
    assertThat(
            FollowupReactions.buyProbability(Persona.BARGAIN_HUNTER, FollowupPlay.DISCOUNT_OFFER))
        .isGreaterThan(
            FollowupReactions.buyProbability(Persona.BARGAIN_HUNTER, FollowupPlay.FREE_SHIPPING));
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static List<DemoCall> plan(Shopper shopper, Random random) {
    return ShopperJourney.plan(shopper, SHOP, 1000, 3000, random);
  }

  private static Shopper shopper(Persona persona, java.util.function.Predicate<Shopper> also) {
    ShopperFactory factory = new ShopperFactory(new Random(persona.ordinal()));
    for (int i = 0; i < 10_000; i++) {
      Shopper shopper = factory.next();
      if (shopper.persona() == persona && also.test(shopper)) {
        return shopper;
      }
    }
    throw new AssertionError("no " + persona);
  }

  /** Each call through the mapper ingest uses for it; every one must be accepted. */
  private static List<SpecificRecord> map(List<DemoCall> calls) {
    return calls.stream().map(c -> ingest.accept(c).value()).toList();
  }

  private static List<WebEvent> webEvents(List<SpecificRecord> records) {
    return records.stream().filter(WebEvent.class::isInstance).map(WebEvent.class::cast).toList();
  }

  private static List<SocialEvent> socialEvents(List<SpecificRecord> records) {
    return records.stream()
        .filter(SocialEvent.class::isInstance)
        .map(SocialEvent.class::cast)
        .toList();
  }

  private static List<IdentityEvent> identityEvents(List<SpecificRecord> records) {
    return records.stream()
        .filter(IdentityEvent.class::isInstance)
        .map(IdentityEvent.class::cast)
        .toList();
  }

  private static List<WebEvent> ofType(List<WebEvent> events, WebEventType type) {
    return events.stream().filter(e -> e.getType() == type).toList();
  }

  private static Set<WebEventType> types(List<WebEvent> events) {
    Set<WebEventType> types = new HashSet<>();
    events.forEach(e -> types.add(e.getType()));
    return types;
  }
}
