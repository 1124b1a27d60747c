package io.leadpipe.hesitation.reason;

import io.leadpipe.schemas.common.HesitationReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Rule: each behaviour before leaving is an independent hint for one reason with the weight its
 * rule gives; a reason's confidence is 1 − Π(1 − weight) over its hints ("noisy OR": two hints of
 * 0.5 give 0.75, more hints approach but never reach 1). Reasons under {@code minConfidence} are
 * dropped; if none is left the answer is UNKNOWN, with confidence 1 − (best dropped confidence) —
 * the more near-misses, the less sure we are that nothing is going on.
 */
public final class ReasonInference {

  private static final Comparator<LikelyReason> MOST_CONFIDENT_FIRST =
      Comparator.comparingDouble(LikelyReason::confidence)
          .reversed()
          .thenComparing((LikelyReason r) -> r.evidence().get(0).at(), Comparator.reverseOrder())
          .thenComparing(LikelyReason::reason);

  private final ReasonRules rules;

  public ReasonInference(ReasonRules rules) {
    this.rules = rules;
  }

  /**
   * The likely reasons, most confident first; never empty.
   *
   * @param observations what the visitor did in this episode, in any order
   * @param lastActivity the visitor's last activity; behaviour older than the lookback before it is
   *     ignored
   */
  public List<LikelyReason> infer(List<Observation> observations, Instant lastActivity) {
    Instant from = lastActivity.minus(rules.lookback());
    List<Observation> newestFirst =
        observations.stream()
            .filter(o -> !o.at().isBefore(from))
            .sorted(Comparator.comparing(Observation::at).reversed())
            .toList();
    Map<HesitationReason, List<Observation>> evidence = new EnumMap<>(HesitationReason.class);
    Map<HesitationReason, Double> doubt = new EnumMap<>(HesitationReason.class);
    Map<BehaviourSignal, Integer> counted = new EnumMap<>(BehaviourSignal.class);
    for (Observation o : newestFirst) {
      ReasonRules.ReasonRule rule = rules.rules().get(o.signal());
      if (rule == null
          || rule.weight() == 0
          || counted.merge(o.signal(), 1, Integer::sum) > rules.maxCountedPerSignal()) {
        continue;
      }
      evidence.computeIfAbsent(rule.reason(), r -> new ArrayList<>()).add(o);
      doubt.merge(rule.reason(), 1 - rule.weight(), (a, b) -> a * b);
    }
    List<LikelyReason> all =
        evidence.entrySet().stream()
            .map(
                e -> new LikelyReason(e.getKey(), rounded(1 - doubt.get(e.getKey())), e.getValue()))
            .sorted(MOST_CONFIDENT_FIRST)
            .toList();
    List<LikelyReason> likely =
        all.stream().filter(r -> r.confidence() >= rules.minConfidence()).toList();
    if (!likely.isEmpty()) {
      return likely;
    }
    double bestMiss = all.isEmpty() ? 0 : all.get(0).confidence();
    return List.of(new LikelyReason(HesitationReason.UNKNOWN, rounded(1 - bestMiss), List.of()));
  }

  private static double rounded(double confidence) {
    return Math.round(confidence * 1000) / 1000.0;
  }
}
