package io.leadpipe.notifier.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadpipe.notifier.policy.StepType;
import io.leadpipe.notifier.sequence.SequencePlan;
import io.leadpipe.service.audience.Audience;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssignmentTest {

  private static final int VISITORS = 100_000;

  /** Four standard deviations of a share near 0.5 over 100,000 visitors: ~0.6 %. */
  private static final double TOLERANCE = 0.007;

  @Test
  void holdout_and_variants_get_their_shares_of_100000_visitors() {
    Strategy s =
        strategy(
            "price-vip",
            0.1,
            List.of(variant("fifteen", 1), variant("twenty", 3)),
            List.of(step(3_600_000L)));

    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < VISITORS; i++) {
      counts.merge(Assignment.variantOf("visitor-" + i, s), 1, Integer::sum);
    }

    assertThat(counts.keySet()).containsExactlyInAnyOrder("holdout", "fifteen", "twenty");
    assertThat(share(counts, "holdout")).isCloseTo(0.10, within(TOLERANCE));
    assertThat(share(counts, "fifteen")).isCloseTo(0.9 * 0.25, within(TOLERANCE));
    assertThat(share(counts, "twenty")).isCloseTo(0.9 * 0.75, within(TOLERANCE));
  }

  @Test
  void without_variants_everyone_not_held_out_is_base_and_without_holdout_nobody_is_held_out() {
    Strategy tenPercent = strategy("s", 0.1, List.of(), List.of(step(0)));
    Strategy none = strategy("s", 0.0, List.of(), List.of(step(0)));
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < VISITORS; i++) {
      counts.merge(Assignment.variantOf("v" + i, tenPercent), 1, Integer::sum);
      assertThat(Assignment.variantOf("v" + i, none)).isEqualTo("base");
    }
    assertThat(share(counts, "holdout")).isCloseTo(0.10, within(TOLERANCE));
    assertThat(share(counts, "base")).isCloseTo(0.90, within(TOLERANCE));
  }

  @Test
  void the_same_visitor_keeps_their_arm_when_everything_but_the_split_is_edited() {
    Strategy before =
        strategy("s", 0.2, List.of(variant("a", 1), variant("b", 1)), List.of(step(3_600_000L)));
    // Steps, priority, audience, enabling, version, and the order the variants are listed in.
    Strategy after =
        new Strategy(
            "s",
            7,
            false,
            99,
            new Audience(
                Set.of("vip"),
                Set.of(),
                Set.of("CART_ABANDONED"),
                Set.of(),
                Set.of(),
                Set.of(),
                10,
                0,
                0),
            List.of(step(60_000L), step(7_200_000L)),
            Map.of(),
            new SequencePlan.Guardrails(1, null, null, null),
            0.2,
            List.of(
                new Strategy.Variant(
                    "b",
                    1,
                    List.of(new Strategy.StepOverride(1, 5L, null, Map.of("x", "y"), null))),
                variant("a", 1)));

    for (int i = 0; i < 10_000; i++) {
      assertThat(Assignment.variantOf("visitor-" + i, after))
          .isEqualTo(Assignment.variantOf("visitor-" + i, before));
    }
  }

  @Test
  void the_point_depends_on_both_ids_and_nothing_else() {
    assertThat(Assignment.unit("visitor-1", "s")).isEqualTo(Assignment.unit("visitor-1", "s"));
    assertThat(Assignment.unit("visitor-1", "s")).isNotEqualTo(Assignment.unit("visitor-2", "s"));
    assertThat(Assignment.unit("visitor-1", "s")).isNotEqualTo(Assignment.unit("visitor-1", "t"));
    // Moving characters between the two ids gives another point.
    assertThat(Assignment.unit("ab", "c")).isNotEqualTo(Assignment.unit("a", "bc"));
    for (int i = 0; i < 1_000; i++) {
      assertThat(Assignment.unit("v" + i, "s")).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
    }
  }

  @Test
  void a_variants_overrides_change_its_plan_and_the_plan_names_strategy_version_and_variant() {
    Strategy s =
        new Strategy(
            "s",
            3,
            true,
            0,
            Audience.ANYONE,
            List.of(step(3_600_000L), step(86_400_000L)),
            Map.of(),
            null,
            0.1,
            List.of(
                new Strategy.Variant(
                    "fast",
                    1,
                    List.of(
                        new Strategy.StepOverride(
                            2, 43_200_000L, null, Map.of("discount-percent", "20"), "fast-2")))));

    SequencePlan fast = s.plan("fast");
    SequencePlan base = s.plan("base");

    assertThat(fast.strategy()).isEqualTo(new SequencePlan.StrategyRef("s", 3, "fast"));
    assertThat(fast.steps().get(0)).isEqualTo(s.steps().get(0));
    assertThat(fast.steps().get(1).delayMillis()).isEqualTo(43_200_000L);
    assertThat(fast.steps().get(1).attributes()).containsEntry("discount-percent", "20");
    assertThat(fast.steps().get(1).templateKey()).isEqualTo("fast-2");
    assertThat(base.steps()).isEqualTo(s.steps());
  }

  private static double share(Map<String, Integer> counts, String arm) {
    return counts.getOrDefault(arm, 0) / (double) VISITORS;
  }

  static SequencePlan.Step step(long delayMillis) {
    return new SequencePlan.Step(StepType.REASON_PLAY, delayMillis, null, null, Map.of(), null);
  }

  private static Strategy.Variant variant(String id, double weight) {
    return new Strategy.Variant(id, weight, List.of());
  }

  private static Strategy strategy(
      String id, double holdout, List<Strategy.Variant> variants, List<SequencePlan.Step> steps) {
    return new Strategy(id, 1, true, 0, Audience.ANYONE, steps, Map.of(), null, holdout, variants);
  }
}
