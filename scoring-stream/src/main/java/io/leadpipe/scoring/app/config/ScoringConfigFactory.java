package io.leadpipe.scoring.app.config;

import io.leadpipe.scoring.topology.ScoringConfig;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.List;

/** The one {@link ScoringConfig} of the service, built from {@code leadpipe.scoring.*} at start-up. */
@Factory
public class ScoringConfigFactory {

  @Singleton
  public ScoringConfig scoringConfig(ScoringProperties properties, List<SignalProperties> signals) {
    return properties.toScoringConfig(signals);
  }
}
