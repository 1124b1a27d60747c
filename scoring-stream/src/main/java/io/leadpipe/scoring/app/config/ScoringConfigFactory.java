package io.leadpipe.scoring.app.config;

import io.leadpipe.scoring.hesitation.HesitationConfig;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.leadpipe.service.config.ConfigBindingException;
import io.leadpipe.service.config.EnvironmentProperties;
import io.leadpipe.service.config.RecordBinder;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;

/**
 * The service's domain configuration, bound at start-up by the record binder (an unknown key or a bad value stops
 * it): {@code leadpipe.scoring.*} onto {@link ScoringConfig#defaults()} and {@code leadpipe.hesitations.*} onto
 * {@link HesitationConfig#defaults()}. The records are the only description of the settings (docs/scoring.md and
 * docs/hesitations.md, "Configuration").
 */
@Factory
public class ScoringConfigFactory {

  /**
   * Keys under {@code leadpipe.scoring} that are the service's, not scoring rules: bound elsewhere
   * ({@code InstanceSettings}, {@code TopicSettings}, {@code ScoringStreamsProperties}, {@code SegmentSettings},
   * {@code QuerySettings}, {@code ProcessExit}/{@code StayDown}), so neither bound nor rejected here.
   */
  public static final String[] NOT_RULES = {
      "instance", "topics", "streams", "segments", "query", "exit-on-fatal-error", "fatal-exit-code"};

  /**
   * The rules ({@code ScoringConfig.rules}) are written directly under {@code leadpipe.scoring}
   * ({@code leadpipe.scoring.fit.grade-a}); the target customer, a part of the fit rules, under
   * {@code leadpipe.scoring.target} (the alias); signal names are upper-cased ({@code add-to-cart} = ADD_TO_CART).
   */
  public static final RecordBinder<ScoringConfig> BINDER = RecordBinder.of(ScoringConfig.class)
      .inline("rules")
      .alias("target", "rules.fit.target")
      .mapKeys("rules.engagement.signals", RecordBinder::upperSnake)
      .ignore(NOT_RULES);

  @Context
  public ScoringConfig scoringConfig(Environment environment) {
    return EnvironmentProperties.bind(environment, "leadpipe.scoring", BINDER, ScoringConfig.defaults());
  }

  /**
   * Keys under {@code leadpipe.hesitations} that are not detection or reason rules: {@code enabled}
   * ({@code StreamsApplications}), {@code streams} ({@code HesitationStreamsProperties}) and {@code fast-demo}
   * (chooses the base the rules are overlaid onto).
   */
  public static final String[] NOT_HESITATION_RULES = {"enabled", "streams", "fast-demo"};

  /**
   * The detection rules ({@code HesitationConfig.detection}) are written directly under
   * {@code leadpipe.hesitations} ({@code leadpipe.hesitations.cart-idle}); the reason rules under
   * {@code leadpipe.hesitations.reasons}.
   */
  public static final RecordBinder<HesitationConfig> HESITATION_BINDER = RecordBinder.of(HesitationConfig.class)
      .inline("detection")
      .ignore(NOT_HESITATION_RULES);

  /** With {@code fast-demo: true} the base is {@link HesitationConfig#fastDemo()} (seconds instead of hours). */
  @Context
  public HesitationConfig hesitationConfig(Environment environment) {
    String fastDemoText = environment.getProperty("leadpipe.hesitations.fast-demo", String.class).orElse("false");
    if (!fastDemoText.equalsIgnoreCase("true") && !fastDemoText.equalsIgnoreCase("false")) {
      throw new ConfigBindingException("leadpipe.hesitations.fast-demo",
          "expected true or false, got '" + fastDemoText + "'");
    }
    boolean fastDemo = Boolean.parseBoolean(fastDemoText);
    HesitationConfig base = fastDemo ? HesitationConfig.fastDemo() : HesitationConfig.defaults();
    return EnvironmentProperties.bind(environment, "leadpipe.hesitations", HESITATION_BINDER, base);
  }
}
