package io.leadpipe.hesitation.app;

import io.leadpipe.hesitation.HesitationConfig;
import io.leadpipe.service.config.ConfigBindingException;
import io.leadpipe.service.config.EnvironmentProperties;
import io.leadpipe.service.config.RecordBinder;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;

/**
 * Hesitation detection's domain configuration, bound at start-up by the record binder (an unknown
 * key or a bad value stops the service): {@code leadpipe.hesitations.*} onto {@link
 * HesitationConfig#defaults()}. The record is the only description of the settings
 * (docs/hesitations.md, "Configuration"). Wherever detection runs (its own service or
 * scoring-stream's JVM), this factory comes with the module.
 */
@Factory
public class HesitationConfigFactory {

  /**
   * Keys under {@code leadpipe.hesitations} that are not detection or reason rules: {@code enabled}
   * ({@link HesitationStreams}), {@code streams} ({@link HesitationStreamsProperties}), {@code
   * instance} and {@code topics} (the service's own settings) and {@code fast-demo} (chooses the
   * base the rules are overlaid onto).
   */
  public static final String[] NOT_HESITATION_RULES = {
    "enabled", "streams", "instance", "topics", "fast-demo"
  };

  /**
   * The detection rules ({@code HesitationConfig.detection}) are written directly under {@code
   * leadpipe.hesitations} ({@code leadpipe.hesitations.cart-idle}); the reason rules under {@code
   * leadpipe.hesitations.reasons}.
   */
  public static final RecordBinder<HesitationConfig> HESITATION_BINDER =
      RecordBinder.of(HesitationConfig.class).inline("detection").ignore(NOT_HESITATION_RULES);

  /**
   * With {@code fast-demo: true} the base is {@link HesitationConfig#fastDemo()} (seconds instead
   * of hours).
   */
  @Context
  public HesitationConfig hesitationConfig(Environment environment) {
    String fastDemoText =
        environment.getProperty("leadpipe.hesitations.fast-demo", String.class).orElse("false");
    if (!fastDemoText.equalsIgnoreCase("true") && !fastDemoText.equalsIgnoreCase("false")) {
      throw new ConfigBindingException(
          "leadpipe.hesitations.fast-demo", "expected true or false, got '" + fastDemoText + "'");
    }
    boolean fastDemo = Boolean.parseBoolean(fastDemoText);
    HesitationConfig base = fastDemo ? HesitationConfig.fastDemo() : HesitationConfig.defaults();
    return EnvironmentProperties.bind(environment, "leadpipe.hesitations", HESITATION_BINDER, base);
  }
}
