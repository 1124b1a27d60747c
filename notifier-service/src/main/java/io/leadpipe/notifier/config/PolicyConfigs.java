package io.leadpipe.notifier.config;

import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.policy.StepType;
import io.leadpipe.service.config.EnvironmentProperties;
import io.leadpipe.service.config.RecordBinder;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code leadpipe.notifier.*} overlaid onto {@link PolicyConfig#defaults()} by the record binder
 * (names as in docs/followups.md); unknown names and bad values fail start-up, not a send.
 */
@Factory
public class PolicyConfigs {

  /**
   * Keys under {@code leadpipe.notifier} that are not follow-up policy: the Streams application's
   * settings ({@link NotifierProperties}) and the on/off switch ({@code NotifierRuntime}).
   */
  public static final String[] NOT_POLICY = {
    "enabled",
    "strategies",
    "survey",
    "application-id",
    "state-dir",
    "tick",
    "commit-interval",
    "session-timeout",
    "instance-id",
    "profile-retention",
    "delivery-wait",
    "registry-backoff",
    "registry-backoff-max"
  };

  /**
   * Component names in kebab-case, with two aliases for the documented shorthand: {@code
   * plays.<REASON>: PLAY} is {@code plays.<REASON>.play} and {@code
   * play-attributes.<REASON>.<name>} is {@code plays.<REASON>.attributes.<name>}. A sequence is
   * written as text, {@code TYPE@delay} steps separated by commas.
   */
  public static RecordBinder<PolicyConfig> binder() {
    return RecordBinder.of(PolicyConfig.class)
        .alias("plays.*", "plays.*.play")
        .alias("play-attributes.*", "plays.*.attributes")
        .converter(PolicyConfig.Step.class, PolicyConfigs::parseStep)
        .ignore(NOT_POLICY);
  }

  @Singleton
  public PolicyConfig policyConfig(Environment environment) {
    return EnvironmentProperties.bind(
        environment, "leadpipe.notifier", binder(), PolicyConfig.defaults());
  }

  /** "REMINDER@1h,REASON_PLAY@24h,SURVEY@3d" → steps. Units: ms, s, m, h, d. */
  public static List<PolicyConfig.Step> parseSequence(String spec) {
    List<PolicyConfig.Step> steps = new ArrayList<>();
    for (String part : spec.split(",")) {
      steps.add(parseStep(part));
    }
    return List.copyOf(steps);
  }

  /** "REMINDER@1h" → a step. */
  public static PolicyConfig.Step parseStep(String spec) {
    String[] typeAndDelay = spec.trim().split("@");
    if (typeAndDelay.length != 2) {
      throw new IllegalArgumentException("sequence step must be TYPE@delay, got '" + spec + "'");
    }
    return new PolicyConfig.Step(
        StepType.valueOf(enumName(typeAndDelay[0].trim())), parseDuration(typeAndDelay[1].trim()));
  }

  /**
   * Micronaut normalises map keys to kebab-case (CART_ABANDONED → cart-abandoned): map them back.
   */
  static String enumName(String configured) {
    return configured.trim().replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /** "90s", "1h", "3d" (units ms, s, m, h, d); {@link IllegalArgumentException} otherwise. */
  public static Duration parseDuration(String s) {
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
