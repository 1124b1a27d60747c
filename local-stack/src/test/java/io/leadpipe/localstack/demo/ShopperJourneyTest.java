package io.leadpipe.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
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
  void every_drawn_persona_appears_in_a_few_hundred_shoppers_and_friends_only_come_through_links() {
    ShopperFactory factory = new ShopperFactory(new Random(7));
    Set<Persona> seen = EnumSet.noneOf(Persona.class);
    IntStream.range(0, 300).forEach(i -> seen.add(factory.next().persona()));

    assertThat(seen)
        .containsExactlyInAnyOrder(
            Arrays.stream(Persona.values()).filter(p -> p.weight() > 0).toArray(Persona[]::new));
    assertThat(factory.referredBy("ref-1").persona()).isEqualTo(Persona.REFERRED_FRIEND);
  }

  @Test
  void calls_are_in_time_order_and_message_ids_are_unique() {
    ShopperFactory factory = new ShopperFactory(new Random(5));
    for (int i = 0; i < 200; i++) {
      List<DemoCall> calls = plan(factory.next());
      assertThat(calls).extracting(DemoCall::offsetMs).isSorted();
      assertThat(calls).extracting(c -> c.body().get("messageId")).doesNotHaveDuplicates();
    }
  }

  @Test
  void think_time_spaces_the_steps_and_a_loyal_buyer_comes_back_later() {
    Shopper loyal = shopper(Persona.LOYAL_BUYER);
    List<DemoCall> calls = ShopperJourney.plan(loyal, SHOP, 1000, 2000, new Random(3));

    for (int i = 1; i < calls.size(); i++) {
      assertThat(calls.get(i).offsetMs() - calls.get(i - 1).offsetMs())
          .isGreaterThanOrEqualTo(1000);
    }
    long returnGap = ShopperJourney.RETURN_VISIT_THINK_TIMES * 2000L;
    assertThat(calls)
        .extracting(DemoCall::offsetMs)
        .anySatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(returnGap));
  }

  @Test
  void a_price_watcher_comes_back_in_separate_visits() {
    List<DemoCall> calls =
        ShopperJourney.plan(shopper(Persona.PRICE_WATCHER), SHOP, 1000, 2000, new Random(3));
    long gap = ShopperJourney.RETURN_VISIT_THINK_TIMES * 2000L;

    long returns = 0;
    for (int i = 1; i < calls.size(); i++) {
      if (calls.get(i).offsetMs() - calls.get(i - 1).offsetMs() >= gap) {
        returns++;
      }
    }
    assertThat(returns).isEqualTo(ShopperJourney.PRICE_WATCHER_VISITS - 1);
  }

  @Test
  void shoppers_who_log_in_send_their_user_id_with_every_call_and_anonymous_ones_never_do() {
    ShopperFactory factory = new ShopperFactory(new Random(9));
    for (int i = 0; i < 100; i++) {
      Shopper s = factory.next();
      assertThat(plan(s)).allSatisfy(c -> assertThat(c.body().get("userId")).isEqualTo(s.userId()));
    }
  }

  @Test
  void only_identified_shoppers_send_identify_and_it_comes_right_after_landing() {
    Shopper identified = shopper(Persona.LOYAL_BUYER);
    List<DemoCall> calls = plan(identified);

    assertThat(calls.get(0).body()).containsEntry("type", "page");
    assertThat(calls.get(1).body()).containsEntry("type", "identify").containsKey("traits");
    assertThat(calls).filteredOn(c -> "identify".equals(c.body().get("type"))).hasSize(1);
  }

  private static List<List<DemoCall>> traffic(long seed, int shoppers) {
    Random random = new Random(seed);
    ShopperFactory factory = new ShopperFactory(random);
    return IntStream.range(0, shoppers)
        .mapToObj(i -> ShopperJourney.plan(factory.next(), SHOP, 1000, 3000, random))
        .toList();
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
}
