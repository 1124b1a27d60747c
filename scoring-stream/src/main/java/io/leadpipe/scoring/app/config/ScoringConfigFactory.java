package io.leadpipe.scoring.app.config;

import io.leadpipe.scoring.topology.ScoringConfig;
import io.leadpipe.service.config.EnvironmentProperties;
import io.leadpipe.service.config.RecordBinder;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;

/**
 * The service's domain configuration, bound at start-up by the record binder (an unknown key or a
 * bad value stops it): {@code leadpipe.scoring.*} onto {@link ScoringConfig#defaults()}. The record
 * is the only description of the settings (docs/scoring.md, "Configuration"). Hesitation detection
 * binds its own ({@code HesitationConfigFactory} in hesitation-stream).
 */
@Factory
public class ScoringConfigFactory {

  /**
   * Keys under {@code leadpipe.scoring} that are the service's, not scoring rules: bound elsewhere
   * ({@code InstanceSettings}, {@code TopicSettings}, {@code ScoringStreamsProperties}, {@code
   * SegmentSettings}, {@code QuerySettings}), so neither bound nor rejected here.
   */
  public static final String[] NOT_RULES = {"instance", "topics", "streams", "segments", "query"};

  /**
   * The rules ({@code ScoringConfig.rules}) are written directly under {@code leadpipe.scoring}
   * ({@code leadpipe.scoring.fit.grade-a}); the target customer, a part of the fit rules, under
   * {@code leadpipe.scoring.target} (the alias); signal names are upper-cased ({@code add-to-cart}
   * = ADD_TO_CART).
   */
  public static final RecordBinder<ScoringConfig> BINDER =
      RecordBinder.of(ScoringConfig.class)
          .inline("rules")
          .alias("target", "rules.fit.target")
          .mapKeys("rules.engagement.signals", RecordBinder::upperSnake)
          .ignore(NOT_RULES);

  @Context
  public ScoringConfig scoringConfig(Environment environment) {
    return EnvironmentProperties.bind(
        environment, "leadpipe.scoring", BINDER, ScoringConfig.defaults());
  }
}
