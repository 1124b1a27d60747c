package io.leadpipe.notifier.admin;

import io.leadpipe.schemas.followup.FollowupStrategy;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.service.catalog.CompactedCatalog;
import io.leadpipe.service.registry.RegistrySettings;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/** The follow-up strategies as they are on {@code leadpipe.followup-strategies}. */
@Singleton
public class StrategyCatalog extends CompactedCatalog<FollowupStrategy> {

  public StrategyCatalog(
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers,
      RegistrySettings registry) {
    super(
        bootstrapServers,
        new Source<>(
            Topics.FOLLOWUP_STRATEGIES.name(),
            "follow-up strategy",
            FollowupStrategy.class,
            FollowupStrategy::getStrategyId,
            "leadpipe-notifier-strategy-catalog"),
        Topics.FOLLOWUP_STRATEGIES.valueSerde(registry.serdeConfig()).deserializer());
  }

  @PreDestroy
  @Override
  public void close() throws InterruptedException {
    super.close();
  }
}
