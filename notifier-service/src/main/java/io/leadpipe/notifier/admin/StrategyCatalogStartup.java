package io.leadpipe.notifier.admin;

import io.leadpipe.service.catalog.DefaultsSeeding;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * At start-up: read the existing strategies, then seed the default strategies that are missing
 * (when {@code leadpipe.notifier.strategies.seed-defaults} is on), so follow-ups go on as
 * configured; retried in the background while Kafka or the schema registry is down. Until then the
 * topology follows the configured sequences, as it does whenever no strategy is stored.
 */
@Singleton
@Requires(property = "leadpipe.notifier.enabled", notEquals = "false")
public class StrategyCatalogStartup implements ApplicationEventListener<ServerStartupEvent> {

  private final StrategyCatalog catalog;
  private final StrategySettings settings;
  private final DefaultsSeeding seeding;

  public StrategyCatalogStartup(
      StrategyCatalog catalog, StrategyAdmin admin, StrategySettings settings) {
    this.catalog = catalog;
    this.settings = settings;
    this.seeding =
        new DefaultsSeeding(
            "strategies",
            catalog,
            admin::seedDefaults,
            StrategiesUnavailableException.class,
            settings.loadTimeout(),
            settings.retryAfter());
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    catalog.start();
    if (settings.seedDefaults()) {
      seeding.start();
    }
  }

  @PreDestroy
  void stop() {
    seeding.stop();
  }
}
