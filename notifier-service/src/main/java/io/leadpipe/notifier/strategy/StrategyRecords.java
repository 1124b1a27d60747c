package io.leadpipe.notifier.strategy;

import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.policy.StepType;
import io.leadpipe.notifier.sequence.SequencePlan;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.FollowupStrategy;
import io.leadpipe.schemas.followup.StepOverride;
import io.leadpipe.schemas.followup.StrategyAudience;
import io.leadpipe.schemas.followup.StrategyGuardrails;
import io.leadpipe.schemas.followup.StrategyPlay;
import io.leadpipe.schemas.followup.StrategyStep;
import io.leadpipe.schemas.followup.StrategyVariant;
import io.leadpipe.service.audience.Audience;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Between the published {@link FollowupStrategy} and the {@link Strategy} the rules read, and the
 * JSON the admin API answers (the shape it accepts, plus version and update stamp).
 */
public final class StrategyRecords {
  private StrategyRecords() {}

  /**
   * The rules' view of a stored strategy.
   *
   * @throws IllegalArgumentException for a name no enum knows (a record written around the admin
   *     API): the caller skips such a strategy
   */
  public static Strategy of(FollowupStrategy f) {
    StrategyAudience a = f.getAudience();
    Audience audience =
        new Audience(
            strings(a.getRequiredSegments()),
            strings(a.getExcludedSegments()),
            strings(a.getHesitationKinds()),
            strings(a.getReasons()),
            strings(a.getStages()),
            strings(a.getLeadTypes()),
            a.getMinEngagementScore(),
            a.getMinFitScore(),
            a.getMinInfluenceScore());
    List<SequencePlan.Step> steps =
        f.getSteps().stream()
            .map(
                s ->
                    new SequencePlan.Step(
                        StepType.valueOf(s.getType().name()),
                        s.getDelayMillis(),
                        play(s.getPlay()),
                        text(s.getChannel()),
                        strings(s.getAttributes()),
                        text(s.getTemplateKey())))
            .toList();
    Map<HesitationReason, PolicyConfig.PlaySpec> plays = new EnumMap<>(HesitationReason.class);
    f.getPlays()
        .forEach(
            (reason, p) ->
                plays.put(
                    HesitationReason.valueOf(reason.toString()),
                    new PolicyConfig.PlaySpec(play(p.getPlay()), strings(p.getAttributes()))));
    StrategyGuardrails g = f.getGuardrails();
    SequencePlan.Guardrails guardrails =
        g == null
            ? null
            : new SequencePlan.Guardrails(
                g.getFrequencyCap(),
                g.getCooldownMillis(),
                text(g.getQuietStart()),
                text(g.getQuietEnd()));
    List<Strategy.Variant> variants =
        f.getVariants().stream()
            .map(
                v ->
                    new Strategy.Variant(
                        v.getVariantId().toString(),
                        v.getWeight(),
                        v.getStepOverrides().stream()
                            .map(
                                o ->
                                    new Strategy.StepOverride(
                                        o.getStep(),
                                        o.getDelayMillis(),
                                        play(o.getPlay()),
                                        strings(o.getAttributes()),
                                        text(o.getTemplateKey())))
                            .toList()))
            .toList();
    return new Strategy(
        f.getStrategyId().toString(),
        f.getVersion(),
        f.getEnabled(),
        f.getPriority(),
        audience,
        steps,
        plays,
        guardrails,
        f.getHoldoutShare(),
        variants);
  }

  /** The admin API's JSON of a strategy: what it accepts, durations as text, plus the stamp. */
  public static Map<String, Object> view(FollowupStrategy f) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("strategyId", f.getStrategyId().toString());
    v.put("name", f.getName().toString());
    v.put("description", text(f.getDescription()));
    v.put("enabled", f.getEnabled());
    v.put("priority", f.getPriority());
    StrategyAudience a = f.getAudience();
    Map<String, Object> audience = new LinkedHashMap<>();
    audience.put("requiredSegments", list(a.getRequiredSegments()));
    audience.put("excludedSegments", list(a.getExcludedSegments()));
    audience.put("hesitationKinds", list(a.getHesitationKinds()));
    audience.put("reasons", list(a.getReasons()));
    audience.put("stages", list(a.getStages()));
    audience.put("leadTypes", list(a.getLeadTypes()));
    audience.put("minEngagementScore", a.getMinEngagementScore());
    audience.put("minFitScore", a.getMinFitScore());
    audience.put("minInfluenceScore", a.getMinInfluenceScore());
    v.put("audience", audience);
    v.put("steps", f.getSteps().stream().map(StrategyRecords::step).toList());
    Map<String, Object> plays = new LinkedHashMap<>();
    f.getPlays().forEach((reason, p) -> plays.put(reason.toString(), play(p)));
    v.put("plays", plays);
    StrategyGuardrails g = f.getGuardrails();
    if (g != null) {
      Map<String, Object> guardrails = new LinkedHashMap<>();
      guardrails.put("frequencyCap", g.getFrequencyCap());
      guardrails.put(
          "cooldown", g.getCooldownMillis() == null ? null : duration(g.getCooldownMillis()));
      guardrails.put("quietStart", text(g.getQuietStart()));
      guardrails.put("quietEnd", text(g.getQuietEnd()));
      v.put("guardrails", guardrails);
    }
    v.put("holdoutShare", f.getHoldoutShare());
    v.put("variants", f.getVariants().stream().map(StrategyRecords::variant).toList());
    v.put("version", f.getVersion());
    v.put("updatedAt", f.getUpdatedAt().toString());
    v.put("updatedBy", text(f.getUpdatedBy()));
    return v;
  }

  private static Map<String, Object> step(StrategyStep s) {
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("type", s.getType().name());
    step.put("delay", duration(s.getDelayMillis()));
    step.put("play", text(s.getPlay()));
    step.put("channel", text(s.getChannel()));
    step.put("attributes", strings(s.getAttributes()));
    step.put("templateKey", text(s.getTemplateKey()));
    return step;
  }

  private static Map<String, Object> play(StrategyPlay p) {
    Map<String, Object> play = new LinkedHashMap<>();
    play.put("play", p.getPlay().toString());
    play.put("attributes", strings(p.getAttributes()));
    return play;
  }

  private static Map<String, Object> variant(StrategyVariant sv) {
    Map<String, Object> variant = new LinkedHashMap<>();
    variant.put("variantId", sv.getVariantId().toString());
    variant.put("weight", sv.getWeight());
    variant.put(
        "stepOverrides", sv.getStepOverrides().stream().map(StrategyRecords::override).toList());
    return variant;
  }

  private static Map<String, Object> override(StepOverride o) {
    Map<String, Object> override = new LinkedHashMap<>();
    override.put("step", o.getStep());
    override.put("delay", o.getDelayMillis() == null ? null : duration(o.getDelayMillis()));
    override.put("play", text(o.getPlay()));
    override.put("attributes", strings(o.getAttributes()));
    override.put("templateKey", text(o.getTemplateKey()));
    return override;
  }

  /** The largest unit that divides it exactly: 1h, 90s, 3d; what the admin API accepts. */
  static String duration(long millis) {
    Duration d = Duration.ofMillis(millis);
    if (millis == 0) {
      return "0s";
    }
    if (d.toDays() * 86_400_000L == millis) {
      return d.toDays() + "d";
    }
    if (d.toHours() * 3_600_000L == millis) {
      return d.toHours() + "h";
    }
    if (d.toMinutes() * 60_000L == millis) {
      return d.toMinutes() + "m";
    }
    if (d.toSeconds() * 1_000L == millis) {
      return d.toSeconds() + "s";
    }
    return millis + "ms";
  }

  private static FollowupPlay play(CharSequence name) {
    return name == null ? null : FollowupPlay.valueOf(name.toString());
  }

  private static String text(CharSequence c) {
    return c == null ? null : c.toString();
  }

  private static Set<String> strings(List<? extends CharSequence> l) {
    Set<String> out = new HashSet<>();
    l.forEach(c -> out.add(c.toString()));
    return out;
  }

  private static List<String> list(List<? extends CharSequence> l) {
    return l.stream().map(CharSequence::toString).toList();
  }

  private static Map<String, String> strings(
      Map<? extends CharSequence, ? extends CharSequence> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, val) -> out.put(k.toString(), val.toString()));
    return out;
  }
}
