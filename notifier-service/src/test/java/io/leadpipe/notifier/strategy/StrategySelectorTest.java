package io.leadpipe.notifier.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.notifier.sequence.FollowupProfile;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.service.audience.Audience;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StrategySelectorTest {

  private static final FollowupProfile VIP_INFLUENCER =
      new FollowupProfile(
          "u-1",
          Map.of("email", "GRANTED"),
          "UTC",
          70,
          List.of("vip", "newsletter"),
          null,
          null,
          Instant.EPOCH,
          "HESITATING_BUYER",
          List.of("influence:INFLUENCER", "profileFit:TARGET"),
          60,
          40);

  @Test
  void the_matching_strategy_of_highest_priority_wins_and_ties_go_to_the_smallest_id() {
    Strategy anyone = strategy("anyone", 0, Audience.ANYONE);
    Strategy vipB = strategy("vip-b", 10, audience(Set.of("vip"), Set.of(), Set.of(), 0));
    Strategy vipA = strategy("vip-a", 10, audience(Set.of("vip"), Set.of(), Set.of(), 0));
    Strategy richer = strategy("richer", 50, audience(Set.of("vip"), Set.of(), Set.of(), 90));

    assertThat(select(List.of(anyone, vipB, vipA, richer), VIP_INFLUENCER))
        .map(Strategy::strategyId)
        .contains("vip-a");
    assertThat(select(List.of(anyone, vipB, richer), null))
        .map(Strategy::strategyId)
        .contains("anyone");
  }

  @Test
  void a_disabled_strategy_is_never_chosen() {
    Strategy off =
        new Strategy(
            "off", 1, false, 100, Audience.ANYONE, List.of(), Map.of(), null, 0, List.of());
    assertThat(select(List.of(off), VIP_INFLUENCER)).isEmpty();
  }

  @Test
  void every_audience_condition_must_hold() {
    assertThat(matches(audience(Set.of("vip", "newsletter"), Set.of(), Set.of(), 70))).isTrue();
    assertThat(matches(audience(Set.of("vip", "churned"), Set.of(), Set.of(), 0))).isFalse();
    assertThat(matches(audience(Set.of(), Set.of("newsletter"), Set.of(), 0))).isFalse();
    assertThat(matches(audience(Set.of(), Set.of(), Set.of(), 70.1))).isFalse();
    assertThat(matches(kinds("CART_ABANDONED", "CHECKOUT_ABANDONED"))).isTrue();
    assertThat(matches(kinds("BROWSE_ABANDONED"))).isFalse();
    assertThat(matches(reasons("PRICE"))).isTrue();
    assertThat(matches(reasons("SHIPPING"))).isFalse();
    assertThat(matches(stages("HESITATING_BUYER"))).isTrue();
    assertThat(matches(stages("CUSTOMER"))).isFalse();
    assertThat(matches(leadTypes("influence:INFLUENCER", "profileFit:TARGET"))).isTrue();
    assertThat(matches(leadTypes("influence:INFLUENCER", "purchaseVolume:HIGH"))).isFalse();
    assertThat(matches(scores(60, 40))).isTrue();
    assertThat(matches(scores(61, 0))).isFalse();
    assertThat(matches(scores(0, 41))).isFalse();
  }

  @Test
  void a_stated_reason_counts_like_the_likely_one() {
    Audience shipping = reasons("SHIPPING");
    assertThat(
            StrategySelector.matches(
                shipping,
                HesitationKind.CART_ABANDONED,
                HesitationReason.PRICE,
                HesitationReason.SHIPPING,
                VIP_INFLUENCER))
        .isTrue();
  }

  @Test
  void a_visitor_without_a_profile_yet_matches_only_audiences_that_ask_nothing_of_it() {
    assertThat(
            StrategySelector.matches(
                audience(Set.of(), Set.of("blocked"), Set.of(), 0),
                HesitationKind.CART_ABANDONED,
                HesitationReason.PRICE,
                null,
                null))
        .isTrue();
    assertThat(
            StrategySelector.matches(
                stages("VISITOR"),
                HesitationKind.CART_ABANDONED,
                HesitationReason.PRICE,
                null,
                null))
        .isFalse();
  }

  private static boolean matches(Audience a) {
    return StrategySelector.matches(
        a, HesitationKind.CART_ABANDONED, HesitationReason.PRICE, null, VIP_INFLUENCER);
  }

  private static Optional<Strategy> select(List<Strategy> all, FollowupProfile p) {
    return StrategySelector.select(
        all, HesitationKind.CART_ABANDONED, HesitationReason.PRICE, null, p);
  }

  private static Strategy strategy(String id, int priority, Audience a) {
    return new Strategy(id, 1, true, priority, a, List.of(), Map.of(), null, 0.1, List.of());
  }

  private static Audience audience(
      Set<String> required, Set<String> excluded, Set<String> kinds, double minEngagement) {
    return new Audience(
        required, excluded, kinds, Set.of(), Set.of(), Set.of(), minEngagement, 0, 0);
  }

  private static Audience kinds(String... kinds) {
    return audience(Set.of(), Set.of(), Set.of(kinds), 0);
  }

  private static Audience reasons(String... reasons) {
    return new Audience(Set.of(), Set.of(), Set.of(), Set.of(reasons), Set.of(), Set.of(), 0, 0, 0);
  }

  private static Audience stages(String... stages) {
    return new Audience(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(stages), Set.of(), 0, 0, 0);
  }

  private static Audience leadTypes(String... types) {
    return new Audience(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(types), 0, 0, 0);
  }

  private static Audience scores(double fit, double influence) {
    return new Audience(
        Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), 0, fit, influence);
  }
}
