package io.leadpipe.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.common.FollowupPlay;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The demo experiment's known answer: only a play that fits the shopper's reason moves them. */
class FollowupReactionsTest {

  private static final int SHOPPERS = 2_000;
  private static final String SHOP = "http://localhost:8080/demo/shop.html";

  @Test
  void a_fitting_play_wins_back_about_half_and_any_other_play_nobody() {
    Shopper hunter = firstOf(Persona.BARGAIN_HUNTER);

    assertThat(buyers(hunter, FollowupPlay.DISCOUNT_OFFER, false))
        .isBetween((int) (SHOPPERS * 0.45), (int) (SHOPPERS * 0.55));
    assertThat(buyers(hunter, FollowupPlay.FREE_SHIPPING, false)).isZero();
    assertThat(buyers(hunter, FollowupPlay.REMINDER, false)).isZero();
    assertThat(buyers(hunter, FollowupPlay.DISCOUNT_OFFER, true))
        .as("a shopper buying anyway is not won back")
        .isZero();
  }

  private static Shopper firstOf(Persona persona) {
    ShopperFactory factory = new ShopperFactory(new Random(3));
    Shopper shopper = factory.next();
    while (shopper.persona() != persona) {
      shopper = factory.next();
    }
    return shopper;
  }

  private static int buyers(Shopper shopper, FollowupPlay play, boolean buyingAlready) {
    Random random = new Random(7);
    int buyers = 0;
    for (int i = 0; i < SHOPPERS; i++) {
      if (!FollowupReactions.react(shopper, "t-" + i, play, null, buyingAlready, SHOP, random)
          .isEmpty()) {
        buyers++;
      }
    }
    return buyers;
  }
}
