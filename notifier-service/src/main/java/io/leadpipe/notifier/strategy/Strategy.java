package io.leadpipe.notifier.strategy;

import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.sequence.SequencePlan;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.service.audience.Audience;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A follow-up strategy as the rules read it: who it is for, what it sends, and the experiment
 * around it (holdout share, weighted variants). Plain values; the Avro record is {@code
 * FollowupStrategy}.
 */
public record Strategy(
    String strategyId,
    int version,
    boolean enabled,
    int priority,
    Audience audience,
    List<SequencePlan.Step> steps,
    Map<HesitationReason, PolicyConfig.PlaySpec> plays,
    SequencePlan.Guardrails guardrails,
    double holdoutShare,
    List<Variant> variants) {

  public Strategy {
    steps = List.copyOf(steps);
    plays = Map.copyOf(plays);
    // Assignment walks the variants in id order, never in the order an operator listed them, so
    // re-ordering a list moves nobody.
    variants = variants.stream().sorted(Comparator.comparing(Variant::variantId)).toList();
  }

  /** An arm of the experiment: its weight among the variants and its changes to the steps. */
  public record Variant(String variantId, double weight, List<StepOverride> stepOverrides) {
    public Variant {
      stepOverrides = List.copyOf(stepOverrides);
    }
  }

  /**
   * A variant's change to one step; null fields and an empty map change nothing.
   *
   * @param step 1-based
   */
  public record StepOverride(
      int step,
      Long delayMillis,
      FollowupPlay play,
      Map<String, String> attributes,
      String templateKey) {
    public StepOverride {
      attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
  }

  public Optional<Variant> variant(String variantId) {
    return variants.stream().filter(v -> v.variantId().equals(variantId)).findFirst();
  }

  /** The steps as a variant ({@link SequencePlan.StrategyRef#BASE}: as they are) sends them. */
  public SequencePlan plan(String variantId) {
    List<SequencePlan.Step> planned = new ArrayList<>(steps);
    for (StepOverride o : variant(variantId).map(Variant::stepOverrides).orElse(List.of())) {
      int i = o.step() - 1;
      if (i < 0 || i >= planned.size()) {
        continue; // the admin API refuses such overrides; a foreign write changes nothing
      }
      SequencePlan.Step s = planned.get(i);
      Map<String, String> attributes = new HashMap<>(s.attributes());
      attributes.putAll(o.attributes());
      planned.set(
          i,
          new SequencePlan.Step(
              s.type(),
              o.delayMillis() != null ? o.delayMillis() : s.delayMillis(),
              o.play() != null ? o.play() : s.play(),
              s.channel(),
              attributes,
              o.templateKey() != null ? o.templateKey() : s.templateKey()));
    }
    return new SequencePlan(
        new SequencePlan.StrategyRef(strategyId, version, variantId), planned, plays, guardrails);
  }
}
