package io.leadpipe.notifier.sequence;

import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.policy.StepType;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a running sequence follows: the steps, plays and guardrail overrides of the strategy version
 * and variant it started with. Kept in the sequence state, so editing a strategy changes new
 * sequences only.
 *
 * @param strategy null for a sequence from the configured sequences (no strategy)
 * @param plays reason → play of a REASON_PLAY step; reasons missing here use the configured plays
 * @param guardrails null when the configured guardrails apply unchanged
 */
public record SequencePlan(
    StrategyRef strategy,
    List<Step> steps,
    Map<HesitationReason, PolicyConfig.PlaySpec> plays,
    Guardrails guardrails) {

  public SequencePlan {
    steps = List.copyOf(steps);
    plays = plays == null || plays.isEmpty() ? Map.of() : new EnumMap<>(plays);
  }

  /**
   * The strategy, version and variant a decision is made under.
   *
   * @param variantId a variant id, {@link #BASE} for a strategy without variants or {@link
   *     #HOLDOUT}
   */
  public record StrategyRef(String strategyId, int version, String variantId) {
    /** The variant of everyone not held out when a strategy has no variants. */
    public static final String BASE = "base";

    /** The comparison group: no follow-up. */
    public static final String HOLDOUT = "holdout";
  }

  /**
   * One step.
   *
   * @param play REASON_PLAY only: this play whatever the reason; null = the play for the reason
   * @param channel only this channel; null = the first consented configured channel
   * @param attributes play parameters over the play's own
   * @param templateKey the message template, passed on as the trigger attribute {@code
   *     template-key}; may be null
   */
  public record Step(
      StepType type,
      long delayMillis,
      FollowupPlay play,
      String channel,
      Map<String, String> attributes,
      String templateKey) {
    public Step {
      attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public static Step of(PolicyConfig.Step configured) {
      return new Step(configured.type(), configured.delay().toMillis(), null, null, Map.of(), null);
    }
  }

  /** Guardrail overrides; a null field keeps the configured value. */
  public record Guardrails(
      Integer frequencyCap, Long cooldownMillis, String quietStart, String quietEnd) {}

  /**
   * The configured sequence of a kind, without a strategy: what sequences started before strategies
   * existed follow, and what applies while no strategy is stored at all.
   */
  public static SequencePlan configured(
      List<PolicyConfig.Step> steps, Map<HesitationReason, PolicyConfig.PlaySpec> plays) {
    return new SequencePlan(null, steps.stream().map(Step::of).toList(), plays, null);
  }

  /** For the kind, as {@code policy} configures it. */
  static SequencePlan configured(
      io.leadpipe.notifier.policy.FollowupPolicy policy, HesitationKind kind) {
    return configured(policy.sequence(kind), policy.config().plays());
  }
}
