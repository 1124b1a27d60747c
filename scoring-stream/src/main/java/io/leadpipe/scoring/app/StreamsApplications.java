package io.leadpipe.scoring.app;

import io.leadpipe.hesitation.app.HesitationStreams;
import io.leadpipe.scoring.app.streams.ScoringStreamsProperties;
import io.leadpipe.scoring.identity.IdentityRules;
import io.leadpipe.scoring.topology.ProspectTopology;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.service.registry.RegistrySettings;
import io.leadpipe.streams.runtime.FatalErrorAction;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The Streams applications this service runs, one bean each; the runtime's {@code StreamsStarter}
 * starts every one, and each gets its own readiness, liveness and metrics. Hesitation detection is
 * the hesitation-stream module's bean ({@link HesitationStreams}), picked up from the classpath.
 * Adding an application is one more method here with its own properties class.
 */
@Factory
public class StreamsApplications {

  /**
   * The prospect-profile application: profiles, scores, lead types and segment membership ({@link
   * Stores#SCORING}).
   */
  public static final String SCORING = Stores.SCORING;

  /**
   * Hesitation detection: hesitating buyers and their likely reasons, on {@code
   * leadpipe.hesitations}.
   */
  public static final String HESITATIONS = HesitationStreams.NAME;

  private final String bootstrapServers;
  private final RegistrySettings registry;
  private final MeterRegistry meters;
  private final FatalErrorAction fatalErrorAction;
  private final Clock clock;

  public StreamsApplications(
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers,
      RegistrySettings registry,
      MeterRegistry meters,
      FatalErrorAction fatalErrorAction,
      Clock clock) {
    this.bootstrapServers = bootstrapServers;
    this.registry = registry;
    this.meters = meters;
    this.fatalErrorAction = fatalErrorAction;
    this.clock = clock;
  }

  @Singleton
  @Named(SCORING)
  @Bean(preDestroy = "close")
  public ManagedStreams scoring(
      ScoringStreamsProperties properties, ScoringConfig config, IdentityRules identityRules) {
    return new ManagedStreams(
        SCORING,
        () -> new ProspectTopology(config, identityRules, registry.serdeConfig()).build(),
        properties.toSettings(),
        bootstrapServers,
        registry.serdeConfig(),
        meters,
        fatalErrorAction,
        clock);
  }
}
