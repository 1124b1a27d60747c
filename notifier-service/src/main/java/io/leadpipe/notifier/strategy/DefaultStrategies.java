package io.leadpipe.notifier.strategy;

import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.followup.FollowupStrategy;
import io.leadpipe.schemas.followup.StrategyAudience;
import io.leadpipe.schemas.followup.StrategyPlay;
import io.leadpipe.schemas.followup.StrategyStep;
import io.leadpipe.schemas.followup.StrategyStepType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The configured sequences and plays ({@code leadpipe.notifier.sequences}, {@code plays}) as
 * strategies, one per hesitation kind with a sequence: everyone of that kind, the configured steps
 * and plays, no holdout, priority 0. Seeded at start-up when absent, so follow-ups go on exactly as
 * configured until an operator edits them. Kinds without a sequence of their own follow the cart
 * sequence, as before strategies: they are in the cart strategy's audience.
 */
public final class DefaultStrategies {

  /** The id prefix of the seeded strategies: {@code default-cart-abandoned}, ... */
  public static final String ID_PREFIX = "default-";

  private DefaultStrategies() {}

  public static String idOf(HesitationKind kind) {
    return ID_PREFIX + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Version 0 and no stamp: the admin stamps them as it writes them. */
  public static List<FollowupStrategy> of(PolicyConfig config) {
    Map<String, StrategyPlay> plays = new LinkedHashMap<>();
    config
        .plays()
        .forEach(
            (reason, spec) ->
                plays.put(
                    reason.name(),
                    StrategyPlay.newBuilder()
                        .setPlay(spec.play().name())
                        .setAttributes(new LinkedHashMap<>(spec.attributes()))
                        .build()));
    List<FollowupStrategy> out = new ArrayList<>();
    for (Map.Entry<HesitationKind, List<PolicyConfig.Step>> e : config.sequences().entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      List<String> kinds = new ArrayList<>(List.of(e.getKey().name()));
      if (e.getKey() == HesitationKind.CART_ABANDONED) {
        for (HesitationKind k : HesitationKind.values()) {
          if (!config.sequences().containsKey(k)) {
            kinds.add(k.name());
          }
        }
      }
      String label = e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' ');
      out.add(
          FollowupStrategy.newBuilder()
              .setStrategyId(idOf(e.getKey()))
              .setName("Default: " + label)
              .setDescription(
                  "The configured sequence for " + label + ", seeded at start-up; edit freely.")
              .setEnabled(true)
              .setPriority(0)
              .setAudience(StrategyAudience.newBuilder().setHesitationKinds(kinds).build())
              .setSteps(
                  e.getValue().stream()
                      .map(
                          s ->
                              StrategyStep.newBuilder()
                                  .setType(StrategyStepType.valueOf(s.type().name()))
                                  .setDelayMillis(s.delay().toMillis())
                                  .build())
                      .toList())
              .setPlays(plays)
              .setHoldoutShare(0.0)
              .setVersion(0)
              .setUpdatedAt(Instant.EPOCH)
              .build());
    }
    return out;
  }
}
