package io.leadpipe.notifier.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.policy.StepType;
import io.leadpipe.notifier.sequence.SequencePlan;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.FollowupStrategy;
import io.leadpipe.service.problem.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategyDraftsTest {

  static final String PRICE_VIP =
      """
      {"strategyId": "price-vip", "name": "Price-sensitive VIPs", "priority": 10,
       "audience": {"requiredSegments": ["vip"], "hesitationKinds": ["CART_ABANDONED"],
                    "reasons": ["PRICE"], "leadTypes": ["purchaseFrequency:REGULAR"],
                    "minEngagementScore": 20},
       "steps": [{"type": "REMINDER", "delay": "1h", "channel": "email", "templateKey": "cart-1"},
                 {"type": "REASON_PLAY", "delay": "24h"},
                 {"type": "REASON_PLAY", "delay": "3d", "play": "FREE_SHIPPING",
                  "attributes": {"free-shipping-threshold": 0}}],
       "plays": {"PRICE": {"play": "DISCOUNT_OFFER",
                           "attributes": {"discount-percent": "15", "offer-code": "VIP15"}}},
       "guardrails": {"frequencyCap": 2, "cooldown": "24h", "quietStart": "22:00", "quietEnd": "07:00"},
       "holdoutShare": 0.2,
       "variants": [{"variantId": "fifteen", "weight": 1},
                    {"variantId": "twenty", "weight": 1,
                     "stepOverrides": [{"step": 2, "delay": "12h",
                                        "attributes": {"discount-percent": "20"}}]}]}
      """;

  @Test
  void a_complete_strategy_is_read_into_the_record_the_rules_use() {
    FollowupStrategy f = StrategyDrafts.parse(PRICE_VIP, null);
    Strategy s = StrategyRecords.of(f);

    assertThat(s.strategyId()).isEqualTo("price-vip");
    assertThat(s.priority()).isEqualTo(10);
    assertThat(s.enabled()).isTrue();
    assertThat(s.audience().requiredSegments()).containsExactly("vip");
    assertThat(s.audience().minEngagementScore()).isEqualTo(20.0);
    assertThat(s.steps())
        .containsExactly(
            new SequencePlan.Step(StepType.REMINDER, 3_600_000L, null, "email", Map.of(), "cart-1"),
            new SequencePlan.Step(StepType.REASON_PLAY, 86_400_000L, null, null, Map.of(), null),
            new SequencePlan.Step(
                StepType.REASON_PLAY,
                259_200_000L,
                FollowupPlay.FREE_SHIPPING,
                null,
                Map.of("free-shipping-threshold", "0"),
                null));
    assertThat(s.plays())
        .containsEntry(
            HesitationReason.PRICE,
            new PolicyConfig.PlaySpec(
                FollowupPlay.DISCOUNT_OFFER,
                Map.of("discount-percent", "15", "offer-code", "VIP15")));
    assertThat(s.guardrails())
        .isEqualTo(new SequencePlan.Guardrails(2, 86_400_000L, "22:00", "07:00"));
    assertThat(s.holdoutShare()).isEqualTo(0.2);
    assertThat(s.variants())
        .extracting(Strategy.Variant::variantId)
        .containsExactly("fifteen", "twenty");
    assertThat(s.plan("twenty").steps().get(1).delayMillis()).isEqualTo(43_200_000L);
  }

  @Test
  void the_holdout_defaults_to_ten_percent_and_what_get_answers_can_be_sent_back() {
    FollowupStrategy f =
        StrategyDrafts.parse(
            "{\"strategyId\": \"s\", \"name\": \"S\", \"steps\": [{\"type\": \"SURVEY\", \"delay\": \"90s\"}]}",
            null);
    assertThat(f.getHoldoutShare()).isEqualTo(0.1);

    FollowupStrategy full = StrategyDrafts.parse(PRICE_VIP, null);
    String answered = json(StrategyRecords.view(full));
    assertThat(StrategyDrafts.parse(answered, "price-vip")).isEqualTo(full);
  }

  @Test
  void every_wrong_field_is_reported_with_its_path() {
    String bad =
        """
        {"strategyId": "Price VIP", "name": "", "colour": "red",
         "audience": {"hesitationKinds": ["CART_LEFT"], "reasons": ["PRICE", "PRICE"],
                      "requiredSegments": ["vip"], "excludedSegments": ["vip"],
                      "leadTypes": ["influence:FAMOUS"], "minFitScore": -1},
         "steps": [{"type": "REMINDER", "delay": "2h", "play": "SURVEY"},
                   {"type": "NUDGE", "delay": "1w"},
                   {"type": "SURVEY", "delay": "1h"}],
         "plays": {"PRIZE": {"play": "DISCOUNT_OFFER"}, "PRICE": {"play": "FREEBIE"}},
         "guardrails": {"frequencyCap": -1, "quietStart": "9pm"},
         "holdoutShare": 1.0,
         "variants": [{"variantId": "holdout", "weight": 1},
                      {"variantId": "b", "weight": 0,
                       "stepOverrides": [{"step": 4, "delay": "soon"}]},
                      {"variantId": "b", "weight": 2}]}
        """;

    InvalidStrategyException e =
        catchThrowableOfType(() -> StrategyDrafts.parse(bad, null), InvalidStrategyException.class);

    assertThat(e.malformedJson()).isFalse();
    assertThat(e.violations())
        .extracting(Violation::field)
        .containsExactlyInAnyOrder(
            "colour",
            "strategyId",
            "name",
            "audience.excludedSegments[0]",
            "audience.hesitationKinds[0]",
            "audience.reasons[1]",
            "audience.leadTypes[0]",
            "audience.minFitScore",
            "steps[0].play",
            "steps[1].type",
            "steps[1].delay",
            "steps[2].delay",
            "plays.PRIZE",
            "plays.PRICE.play",
            "guardrails.frequencyCap",
            "guardrails.quietStart",
            "guardrails",
            "holdoutShare",
            "variants[0].variantId",
            "variants[1].weight",
            "variants[1].stepOverrides[0].step",
            "variants[1].stepOverrides[0].delay",
            "variants[2].variantId");
  }

  @Test
  void an_update_keeps_the_id_of_its_url() {
    InvalidStrategyException e =
        catchThrowableOfType(
            () ->
                StrategyDrafts.parse(
                    "{\"strategyId\": \"other\", \"name\": \"S\", \"steps\": [{\"type\": \"SURVEY\", \"delay\": \"1h\"}]}",
                    "price-vip"),
            InvalidStrategyException.class);
    assertThat(e.violations()).extracting(Violation::field).containsExactly("strategyId");
    assertThat(
            StrategyDrafts.parse(
                    "{\"name\": \"S\", \"steps\": [{\"type\": \"SURVEY\", \"delay\": \"1h\"}]}",
                    "price-vip")
                .getStrategyId())
        .isEqualTo("price-vip");
  }

  @Test
  void a_body_that_is_not_json_or_not_an_object_is_refused_as_such() {
    assertThat(
            catchThrowableOfType(
                    () -> StrategyDrafts.parse("{nope", null), InvalidStrategyException.class)
                .malformedJson())
        .isTrue();
    assertThat(
            catchThrowableOfType(
                    () -> StrategyDrafts.parse("[]", null), InvalidStrategyException.class)
                .violations())
        .containsExactly(new Violation("", "the body must be a JSON object"));
  }

  @Test
  void the_seeded_defaults_are_the_configured_sequences_and_plays_without_holdout() {
    List<FollowupStrategy> defaults = DefaultStrategies.of(PolicyConfig.defaults());

    assertThat(defaults)
        .extracting(FollowupStrategy::getStrategyId)
        .containsExactlyInAnyOrder(
            "default-cart-abandoned",
            "default-checkout-abandoned",
            "default-browse-abandoned",
            "default-price-watching");
    Strategy cart =
        StrategyRecords.of(
            defaults.stream()
                .filter(d -> d.getStrategyId().equals("default-cart-abandoned"))
                .findFirst()
                .orElseThrow());
    assertThat(cart.holdoutShare()).isZero();
    assertThat(cart.audience().hesitationKinds())
        .containsExactlyInAnyOrder("CART_ABANDONED", "OTHER");
    assertThat(cart.steps())
        .extracting(SequencePlan.Step::type, SequencePlan.Step::delayMillis)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple(StepType.REMINDER, 3_600_000L),
            org.assertj.core.api.Assertions.tuple(StepType.REASON_PLAY, 86_400_000L),
            org.assertj.core.api.Assertions.tuple(StepType.SURVEY, 259_200_000L));
    assertThat(cart.plays()).isEqualTo(PolicyConfig.defaults().plays());
    // Each default is a valid strategy as the admin API would accept it.
    for (FollowupStrategy d : defaults) {
      assertThat(StrategyDrafts.parse(json(StrategyRecords.view(d)), null)).isEqualTo(d);
    }
  }

  private static String json(Object value) {
    try {
      return new ObjectMapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }
}
