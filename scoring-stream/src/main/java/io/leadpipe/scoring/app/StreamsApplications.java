package io.leadpipe.scoring.app;

import io.leadpipe.scoring.app.config.RegistrySettings;
import io.leadpipe.streams.runtime.FatalErrorAction;
import io.leadpipe.scoring.app.streams.HesitationStreamsProperties;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.leadpipe.scoring.app.streams.ScoringStreamsProperties;
import io.leadpipe.scoring.hesitation.HesitationConfig;
import io.leadpipe.scoring.hesitation.HesitationTopology;
import io.leadpipe.scoring.identity.IdentityRules;
import io.leadpipe.scoring.topology.ProspectTopology;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The Streams applications this service runs, one bean each; {@link StreamsStarter} starts every one, and
 * each gets its own readiness, liveness and metrics. Adding an application is one more method here with its own
 * properties class.
 */
@Factory
public class StreamsApplications {

  /** The prospect-profile application: profiles, scores, lead types and segment membership. */
  public static final String SCORING = "scoring";
  /** Hesitation detection: hesitating buyers and their likely reasons, on {@code leadpipe.hesitations}. */
  public static final String HESITATIONS = "hesitations";

  private final String bootstrapServers;
  private final RegistrySettings registry;
  private final MeterRegistry meters;
  private final FatalErrorAction fatalErrorAction;
  private final Clock clock;

  public StreamsApplications(@Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers,
      RegistrySettings registry, MeterRegistry meters, FatalErrorAction fatalErrorAction, Clock clock) {
    this.bootstrapServers = bootstrapServers;
    this.registry = registry;
    this.meters = meters;
    this.fatalErrorAction = fatalErrorAction;
    this.clock = clock;
  }

  @Singleton
  @Named(SCORING)
  @Bean(preDestroy = "close")
  public ManagedStreams scoring(ScoringStreamsProperties properties, ScoringConfig config, IdentityRules identityRules) {
    return new ManagedStreams(SCORING, () -> new ProspectTopology(config, identityRules, registry.serdeConfig()).build(),
        properties.toSettings(), bootstrapServers, registry.serdeConfig(), meters, fatalErrorAction, clock);
  }

  /** On by default; {@code leadpipe.hesitations.enabled=false} when detection runs in a service of its own. */
  @Singleton
  @Named(HESITATIONS)
  @Bean(preDestroy = "close")
  @Requires(property = "leadpipe.hesitations.enabled", notEquals = "false")
  public ManagedStreams hesitations(HesitationStreamsProperties properties, HesitationConfig config) {
    return new ManagedStreams(HESITATIONS, () -> new HesitationTopology(config, registry.serdeConfig()).build(),
        properties.toSettings(), bootstrapServers, registry.serdeConfig(), meters, fatalErrorAction, clock);
  }
}
