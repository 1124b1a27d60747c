package io.leadpipe.hesitation.app;

import io.leadpipe.hesitation.HesitationConfig;
import io.leadpipe.hesitation.HesitationTopology;
import io.leadpipe.service.registry.RegistrySettings;
import io.leadpipe.streams.runtime.FatalErrorAction;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/**
 * Hesitation detection as a Streams application bean, wherever it runs: in hesitation-stream's own
 * service, or in scoring-stream's (which depends on this module and so picks the bean up). The
 * runtime starts every such bean and gives it its own readiness, liveness and metrics, tagged
 * {@value HesitationTopology#APPLICATION}.
 */
@Factory
public class HesitationStreams {

  /** The bean's name, and the application's name in health indicators, metrics and dead letters. */
  public static final String NAME = HesitationTopology.APPLICATION;

  /**
   * On by default; {@code leadpipe.hesitations.enabled=false} where detection runs in another
   * service.
   */
  @Singleton
  @Named(NAME)
  @Bean(preDestroy = "close")
  @Requires(property = "leadpipe.hesitations.enabled", notEquals = "false")
  public ManagedStreams hesitations(
      HesitationStreamsProperties properties,
      HesitationConfig config,
      RegistrySettings registry,
      MeterRegistry meters,
      FatalErrorAction fatalErrorAction,
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers,
      Optional<Clock> clock) {
    // The hosting service's clock where it has one (scoring-stream's tests may replace it), else
    // the system's.
    return new ManagedStreams(
        NAME,
        () -> new HesitationTopology(config, registry.serdeConfig()).build(),
        properties.toSettings(),
        bootstrapServers,
        registry.serdeConfig(),
        meters,
        fatalErrorAction,
        clock.orElseGet(Clock::systemUTC));
  }
}
