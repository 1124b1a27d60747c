package io.leadpipe.scoring.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadpipe.schemas.common.ChannelConsent;
import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.scoring.engagement.EngagementScorer;
import io.leadpipe.scoring.engagement.SignalState;
import io.leadpipe.scoring.leadtype.PurchaseStats;
import io.leadpipe.scoring.lifecycle.HesitationState;
import io.leadpipe.scoring.lifecycle.OpenHesitation;
import io.leadpipe.scoring.profile.ActivityCounts;
import io.leadpipe.scoring.profile.Cart;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.profile.Reach;
import io.leadpipe.scoring.profile.ScoringRules;
import io.leadpipe.scoring.referral.ReferralTouch;
import io.leadpipe.scoring.traits.KnownTraits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileMergerTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private final ScoringRules rules = ScoringRules.defaults();
  private final ProfileMerger merger = new ProfileMerger(rules);
  private final EngagementScorer engagement = new EngagementScorer(rules.engagement());

  @Test
  void counters_spend_and_reach_add_up_and_the_time_span_covers_both_devices() {
    ProfileState phone =
        state("phone", T0, T0.plus(Duration.ofDays(1)))
            .activity(new ActivityCounts(2, T0.plus(Duration.ofDays(1)), 5, 3, 1, 0, 1, 0, 0, 0, 0))
            .purchases(PurchaseStats.none().plus(T0, 80, 2))
            .reach(
                new Reach(
                    Map.of("instagram", 100L), 1, 0, 2, 1, 50, Map.of("followers.instagram", T0)))
            .build();
    ProfileState laptop =
        state("user-1", T0.minus(Duration.ofDays(3)), T0.plus(Duration.ofDays(2)))
            .activity(new ActivityCounts(1, T0.plus(Duration.ofDays(2)), 2, 4, 0, 1, 0, 0, 1, 0, 3))
            .purchases(PurchaseStats.none().plus(T0.plus(Duration.ofDays(2)), 40, 1))
            .reach(
                new Reach(
                    Map.of("instagram", 120L),
                    0,
                    2,
                    0,
                    0,
                    0,
                    Map.of("followers.instagram", T0.plus(Duration.ofDays(1)))))
            .build();

    ProfileState person = merger.merge("user-1", List.of(laptop, phone));

    assertThat(person.visitorId()).isEqualTo("user-1");
    assertThat(person.anonymousIds()).containsExactly("phone");
    assertThat(person.firstSeen()).isEqualTo(T0.minus(Duration.ofDays(3)));
    assertThat(person.lastSeen()).isEqualTo(T0.plus(Duration.ofDays(2)));
    assertThat(person.activity().sessions()).isEqualTo(3);
    assertThat(person.activity().pageViews()).isEqualTo(7);
    assertThat(person.activity().productViews()).isEqualTo(7);
    assertThat(person.activity().socialInteractions()).isEqualTo(3);
    assertThat(person.purchases().purchases()).isEqualTo(2);
    assertThat(person.purchases().totalSpend()).isEqualTo(120.0);
    assertThat(person.purchases().firstPurchase()).isEqualTo(T0);
    assertThat(person.reach().followersByNetwork()).containsEntry("instagram", 120L);
    assertThat(person.reach().shares()).isEqualTo(1);
    assertThat(person.reach().mentions()).isEqualTo(2);
    assertThat(person.reach().referredBuyers()).isEqualTo(1);
  }

  @Test
  void decayed_signals_are_combined_in_event_time_so_the_score_is_the_sum_of_both_devices() {
    var phoneSignals = engagement.apply(Map.of(), "ADD_TO_CART", T0);
    var laptopSignals = engagement.apply(Map.of(), "ADD_TO_CART", T0.plus(Duration.ofDays(14)));
    ProfileState phone = state("phone", T0, T0).signals(phoneSignals).build();
    ProfileState laptop =
        state("laptop", T0.plus(Duration.ofDays(14)), T0.plus(Duration.ofDays(14)))
            .signals(laptopSignals)
            .build();

    ProfileState person = merger.merge("laptop", List.of(phone, laptop));

    // 10 points from 14 days ago (one half-life) + 10 points now.
    assertThat(engagement.score(person.signals(), T0.plus(Duration.ofDays(14))))
        .isCloseTo(15.0, within(0.05));
    SignalState cart = person.signals().get("ADD_TO_CART");
    assertThat(cart.lastAt()).isEqualTo(T0.plus(Duration.ofDays(14)));
  }

  @Test
  void traits_and_consent_keep_the_newest_answer_field_by_field() {
    KnownTraits older =
        KnownTraits.none()
            .merge(
                Traits.newBuilder()
                    .setFirstName("Anna")
                    .setCity("Hamburg")
                    .setConsent(
                        Map.of(
                            "email",
                            ChannelConsent.newBuilder()
                                .setStatus(ConsentStatus.GRANTED)
                                .setUpdatedAt(T0)
                                .build()))
                    .build(),
                T0,
                20);
    KnownTraits newer =
        KnownTraits.none()
            .merge(
                Traits.newBuilder()
                    .setCity("Berlin")
                    .setConsent(
                        Map.of(
                            "email",
                            ChannelConsent.newBuilder()
                                .setStatus(ConsentStatus.REVOKED)
                                .setUpdatedAt(T0.plus(Duration.ofDays(1)))
                                .build()))
                    .build(),
                T0.plus(Duration.ofDays(1)),
                20);
    // The device seen last told the older answers: newest-wins is by when a value was told, not by
    // device.
    ProfileState a = state("a", T0, T0.plus(Duration.ofDays(5))).traits(older).build();
    ProfileState b = state("b", T0, T0.plus(Duration.ofDays(2))).traits(newer).build();

    KnownTraits merged = merger.merge("a", List.of(a, b)).traits();

    assertThat(merged.value(KnownTraits.FIRST_NAME)).isEqualTo("Anna");
    assertThat(merged.value(KnownTraits.CITY)).isEqualTo("Berlin");
    assertThat(merged.consent().get("email").status()).isEqualTo("REVOKED");
  }

  @Test
  void the_cart_is_the_last_active_device_and_referral_credit_keeps_the_first_touch() {
    Cart phoneCart = new Cart(List.of(new Cart.Line("p1", null, "Sneaker", "shoes", 90.0, 1)));
    ProfileState phone =
        state("phone", T0, T0.plus(Duration.ofHours(2)))
            .activity(
                new ActivityCounts(1, T0.plus(Duration.ofHours(2)), 1, 0, 0, 0, 1, 0, 0, 0, 0))
            .cart(phoneCart)
            .referral(
                new ReferralTouch(
                    List.of("ANNA1"), "FRIEND-B", T0.plus(Duration.ofHours(1)), List.of()))
            .build();
    ProfileState laptop =
        state("laptop", T0, T0.plus(Duration.ofHours(1)))
            .activity(
                new ActivityCounts(1, T0.plus(Duration.ofHours(1)), 1, 0, 0, 0, 0, 0, 0, 0, 0))
            .referral(new ReferralTouch(List.of("ANNA2"), "FRIEND-A", T0, List.of()))
            .build();

    ProfileState person = merger.merge("laptop", List.of(laptop, phone));

    assertThat(person.cart()).isEqualTo(phoneCart);
    assertThat(person.referral().referredBy()).isEqualTo("FRIEND-A");
    assertThat(person.referral().ownCodes()).containsExactlyInAnyOrder("ANNA1", "ANNA2");
  }

  @Test
  void the_open_hesitation_is_the_latest_one_no_device_closed() {
    OpenHesitation cart =
        new OpenHesitation("h-cart", "CART_ABANDONED", T0, T0, "PRICE", List.of());
    OpenHesitation checkout =
        new OpenHesitation(
            "h-checkout",
            "CHECKOUT_ABANDONED",
            T0.plus(Duration.ofHours(1)),
            T0.plus(Duration.ofHours(1)),
            "SHIPPING",
            List.of());
    ProfileState a =
        state("a", T0, T0)
            .hesitation(new HesitationState(cart, null, "PRICE", T0, "QUALITY", "PRICE", T0))
            .build();
    ProfileState b =
        state("b", T0, T0.plus(Duration.ofHours(1)))
            .hesitation(
                new HesitationState(
                    checkout, "h-cart", null, null, null, "SHIPPING", T0.plus(Duration.ofHours(1))))
            .build();

    HesitationState merged = merger.merge("a", List.of(a, b)).hesitation();

    assertThat(merged.open().hesitationId()).isEqualTo("h-checkout");
    assertThat(merged.statedReason()).isEqualTo("PRICE");
    // The reason inferred at the answer travels with the answer; the latest episode's with it.
    assertThat(merged.inferredReasonAtStatement()).isEqualTo("QUALITY");
    assertThat(merged.lastInferredReason()).isEqualTo("SHIPPING");
  }

  @Test
  void folding_without_a_member_gives_back_the_others_so_an_undo_restores_them() {
    ProfileState a =
        state("a", T0, T0).activity(new ActivityCounts(1, T0, 4, 0, 0, 0, 0, 0, 0, 0, 0)).build();
    ProfileState b =
        state("b", T0, T0).activity(new ActivityCounts(1, T0, 6, 0, 0, 0, 0, 0, 0, 0, 0)).build();

    assertThat(merger.merge("a", List.of(a, b)).activity().pageViews()).isEqualTo(10);
    assertThat(merger.merge("a", java.util.Arrays.asList(a, null)).activity().pageViews())
        .isEqualTo(4);
    assertThat(merger.merge("a", java.util.Arrays.asList((ProfileState) null))).isNull();
  }

  private static Builder state(String id, Instant firstSeen, Instant lastSeen) {
    return new Builder(id, firstSeen, lastSeen);
  }

  /** A member's own state with only what a test sets. */
  private static final class Builder {
    private final String id;
    private final Instant firstSeen;
    private final Instant lastSeen;
    private ActivityCounts activity;
    private Cart cart;
    private Map<String, SignalState> signals;
    private PurchaseStats purchases;
    private KnownTraits traits;
    private Reach reach;
    private ReferralTouch referral;
    private HesitationState hesitation;

    Builder(String id, Instant firstSeen, Instant lastSeen) {
      this.id = id;
      this.firstSeen = firstSeen;
      this.lastSeen = lastSeen;
    }

    Builder activity(ActivityCounts a) {
      this.activity = a;
      return this;
    }

    Builder cart(Cart c) {
      this.cart = c;
      return this;
    }

    Builder signals(Map<String, SignalState> s) {
      this.signals = s;
      return this;
    }

    Builder purchases(PurchaseStats p) {
      this.purchases = p;
      return this;
    }

    Builder traits(KnownTraits t) {
      this.traits = t;
      return this;
    }

    Builder reach(Reach r) {
      this.reach = r;
      return this;
    }

    Builder referral(ReferralTouch r) {
      this.referral = r;
      return this;
    }

    Builder hesitation(HesitationState h) {
      this.hesitation = h;
      return this;
    }

    ProfileState build() {
      return new ProfileState(
          id,
          null,
          List.of(),
          firstSeen,
          lastSeen,
          lastSeen,
          1,
          activity,
          cart,
          signals,
          purchases,
          Map.of(),
          traits,
          reach,
          referral,
          hesitation,
          List.of());
    }
  }
}
