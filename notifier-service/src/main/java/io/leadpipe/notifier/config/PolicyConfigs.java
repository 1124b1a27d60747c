package io.leadpipe.notifier.config;

import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.policy.StepType;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Maps configuration text into the plain {@link PolicyConfig}; unknown names fail start-up, not a send. */
public final class PolicyConfigs {
  private PolicyConfigs() {}

  public static PolicyConfig from(NotifierProperties p) {
    PolicyConfig d = PolicyConfig.defaults();
    Map<HesitationKind, List<PolicyConfig.Step>> sequences = new EnumMap<>(d.sequences());
    p.getSequences().forEach((kind, spec) ->
        sequences.put(HesitationKind.valueOf(enumName(kind)), parseSequence(spec)));
    Map<HesitationReason, PolicyConfig.PlaySpec> plays = new EnumMap<>(d.plays());
    p.getPlays().forEach((reason, play) -> {
      HesitationReason r = HesitationReason.valueOf(enumName(reason));
      plays.put(r, new PolicyConfig.PlaySpec(FollowupPlay.valueOf(enumName(play)),
          plays.getOrDefault(r, new PolicyConfig.PlaySpec(FollowupPlay.OTHER, Map.of())).attributes()));
    });
    p.getPlayAttributes().forEach((reason, attrs) -> {
      HesitationReason r = HesitationReason.valueOf(enumName(reason));
      PolicyConfig.PlaySpec current = plays.get(r);
      Map<String, String> merged = new HashMap<>(current == null ? Map.of() : current.attributes());
      merged.putAll(attrs);
      plays.put(r, new PolicyConfig.PlaySpec(current == null ? FollowupPlay.OTHER : current.play(), merged));
    });
    return new PolicyConfig(sequences, plays, List.copyOf(p.getChannels()), p.getFrequencyCap(),
        p.getFrequencyWindow(), p.getCooldown(), LocalTime.parse(p.getQuietStart()), LocalTime.parse(p.getQuietEnd()),
        p.getDefaultTimezone(), p.getMinEngagementScore(), new HashSet<>(p.getRequiredSegments()),
        new HashSet<>(p.getExcludedSegments()), p.getAttributionWindow(), p.getOfferValidity());
  }

  /** "REMINDER@1h,REASON_PLAY@24h,SURVEY@3d" → steps. Units: ms, s, m, h, d. */
  public static List<PolicyConfig.Step> parseSequence(String spec) {
    List<PolicyConfig.Step> steps = new ArrayList<>();
    for (String part : spec.split(",")) {
      String[] typeAndDelay = part.trim().split("@");
      if (typeAndDelay.length != 2) {
        throw new IllegalArgumentException("sequence step must be TYPE@delay, got '" + part + "'");
      }
      steps.add(new PolicyConfig.Step(StepType.valueOf(enumName(typeAndDelay[0].trim())),
          parseDuration(typeAndDelay[1].trim())));
    }
    return List.copyOf(steps);
  }

  /** Micronaut normalises map keys to kebab-case (CART_ABANDONED → cart-abandoned): map them back. */
  static String enumName(String configured) {
    return configured.trim().replace('-', '_').toUpperCase(Locale.ROOT);
  }

  static Duration parseDuration(String s) {
    String unit = s.replaceAll("^[0-9]+", "");
    long n = Long.parseLong(s.substring(0, s.length() - unit.length()));
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException("unknown duration unit in '" + s + "'");
    };
  }
}
