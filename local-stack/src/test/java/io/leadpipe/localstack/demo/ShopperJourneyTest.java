package io.leadpipe.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShopperJourneyTest {

  private static final String SHOP = "http://localhost:8080/demo/shop.html";

  @Test
  void the_same_seed_gives_the_same_traffic() {
    assertThat(traffic(42, 30)).isEqualTo(traffic(42, 30));
    assertThat(traffic(42, 30)).isNotEqualTo(traffic(43, 30));
  }

  @Test
  void every_persona_appears_in_a_few_hundred_shoppers() {
    ShopperFactory factory = new ShopperFactory(new Random(7));
    Set<Persona> seen = EnumSet.noneOf(Persona.class);
    IntStream.range(0, 300).forEach(i -> seen.add(factory.next().persona()));
    assertThat(seen).containsExactlyInAnyOrder(Persona.values());
  }

  @Test
  void a_bargain_hunter_searches_coupons_compares_prices_and_leaves_at_checkout() {
    List<String> events = events(shopper(Persona.BARGAIN_HUNTER));

    assertThat(events).contains("Coupon Searched", "Price Compared", "Product Added", "Checkout Started")
        .doesNotContain("Order Completed");
  }

  @Test
  void a_shipping_sensitive_shopper_leaves_at_the_shipping_step() {
    List<DemoCall> calls = plan(shopper(Persona.SHIPPING_SENSITIVE));

    assertThat(events(calls)).endsWith("Checkout Step Viewed", "Shipping Info Viewed");
    assertThat(calls).extracting(c -> properties(c).get("step_name")).contains("shipping");
  }

  @Test
  void a_loyal_buyer_buys_twice() {
    assertThat(events(shopper(Persona.LOYAL_BUYER))).filteredOn("Order Completed"::equals).hasSize(2);
  }

  @Test
  void an_influencer_shares_with_their_referral_code_and_friends_arrive_with_it() {
    Shopper influencer = shopper(Persona.INFLUENCER);
    List<DemoCall> calls = plan(influencer);

    assertThat(calls).filteredOn(c -> c.endpoint() == DemoCall.Endpoint.SOCIAL)
        .extracting(c -> c.body().get("kind")).contains("follow", "share");
    assertThat(calls).filteredOn(c -> "share".equals(c.body().get("kind")))
        .extracting(c -> c.body().get("referralCode")).containsOnly(influencer.referralCode());

    Shopper friend = new ShopperFactory(new Random(1)).referredBy(influencer.referralCode());
    List<DemoCall> visit = ShopperJourney.referredFriendBuys(friend, SHOP, new Random(1));
    assertThat(properties(visit.get(0)).get("url").toString()).endsWith("?ref=" + influencer.referralCode());
  }

  @Test
  void calls_are_in_time_order_and_message_ids_are_unique() {
    for (Persona persona : Persona.values()) {
      List<DemoCall> calls = plan(shopper(persona));
      assertThat(calls).extracting(DemoCall::offsetMs).isSorted();
      assertThat(calls).extracting(c -> c.body().get("messageId")).doesNotHaveDuplicates();
    }
  }

  @Test
  void the_survey_answer_states_the_shoppers_real_reason() {
    Shopper reviewer = shopper(Persona.REVIEW_READER);
    DemoCall answer = FollowupReactions.surveyAnswer(reviewer, "trigger-1").get(0);

    assertThat(answer.body()).containsEntry("event", "Feedback Submitted");
    assertThat(properties(answer)).containsEntry("statedReason", "REVIEWS").containsEntry("followupId", "trigger-1");
  }

  @Test
  void a_play_that_addresses_the_real_reason_converts_more_often() {
    assertThat(FollowupReactions.buyProbability(Persona.BARGAIN_HUNTER, "DISCOUNT_OFFER"))
        .isGreaterThan(FollowupReactions.buyProbability(Persona.BARGAIN_HUNTER, "FREE_SHIPPING"));
  }

  private static List<List<DemoCall>> traffic(long seed, int shoppers) {
    Random random = new Random(seed);
    ShopperFactory factory = new ShopperFactory(random);
    return IntStream.range(0, shoppers)
        .mapToObj(i -> ShopperJourney.plan(factory.next(), SHOP, 1000, 3000, random)).toList();
  }

  private static Shopper shopper(Persona persona) {
    ShopperFactory factory = new ShopperFactory(new Random(persona.ordinal()));
    for (int i = 0; i < 10_000; i++) {
      Shopper shopper = factory.next();
      if (shopper.persona() == persona) {
        return shopper;
      }
    }
    throw new AssertionError("no " + persona);
  }

  private static List<DemoCall> plan(Shopper shopper) {
    return ShopperJourney.plan(shopper, SHOP, 1000, 3000, new Random(3));
  }

  private static List<String> events(Shopper shopper) {
    return events(plan(shopper));
  }

  private static List<String> events(List<DemoCall> calls) {
    return calls.stream().map(c -> (String) c.body().get("event")).filter(Objects::nonNull).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(DemoCall call) {
    return (Map<String, Object>) call.body().getOrDefault("properties", Map.of());
  }
}
