package io.leadpipe.notifier.admin;

import io.leadpipe.schemas.followup.FollowupStrategy;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.service.catalog.CatalogWriter;
import io.leadpipe.service.registry.RegistrySettings;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/** Writes follow-up strategies (a null value deletes) to {@code leadpipe.followup-strategies}. */
@Singleton
public class StrategyWriter extends CatalogWriter<FollowupStrategy> {

  public StrategyWriter(
      @Value("${kafka.bootstrap.servers:localhost:9092}") String bootstrapServers,
      RegistrySettings registry,
      StrategySettings settings) {
    super(
        bootstrapServers,
        Topics.FOLLOWUP_STRATEGIES.name(),
        "leadpipe-notifier-strategy-admin",
        Topics.FOLLOWUP_STRATEGIES.valueSerde(registry.serdeConfig()).serializer(),
        settings.writeTimeout(),
        StrategiesUnavailableException::new);
  }

  @PreDestroy
  @Override
  public void close() {
    super.close();
  }
}
