package io.leadpipe.notifier.admin;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up: read the existing strategies, then seed the default strategies that are missing
 * (when {@code leadpipe.notifier.strategies.seed-defaults} is on), so follow-ups go on as
 * configured. Seeding runs in the background and is retried every {@code retry-after} while the
 * strategies cannot be loaded or written (Kafka or the schema registry down at start-up); until
 * then the topology follows the configured sequences, as it does whenever no strategy is stored.
 */
@Singleton
@Requires(property = "leadpipe.notifier.enabled", notEquals = "false")
public class StrategyCatalogStartup implements ApplicationEventListener<ServerStartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(StrategyCatalogStartup.class);

  private final StrategyCatalog catalog;
  private final StrategyAdmin admin;
  private final StrategySettings settings;
  private volatile Thread seeding;

  public StrategyCatalogStartup(
      StrategyCatalog catalog, StrategyAdmin admin, StrategySettings settings) {
    this.catalog = catalog;
    this.admin = admin;
    this.settings = settings;
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    catalog.start();
    if (settings.seedDefaults()) {
      Thread thread = new Thread(this::seedUntilDone, "strategy-seeding");
      thread.setDaemon(true);
      seeding = thread;
      thread.start();
    }
  }

  private void seedUntilDone() {
    try {
      while (!seedOnce()) {
        Thread.sleep(settings.retryAfter().toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the defaults are in place; false when it is worth trying again later. */
  private boolean seedOnce() throws InterruptedException {
    if (!catalog.awaitLoaded(settings.loadTimeout())) {
      LOG.warn(
          "Strategies not loaded within {}: default strategies not seeded yet, retrying",
          settings.loadTimeout());
      return false;
    }
    try {
      List<String> seeded = admin.seedDefaults();
      LOG.info("Default strategies seeded: {}", seeded.isEmpty() ? "none missing" : seeded);
      return true;
    } catch (StrategiesUnavailableException e) {
      LOG.warn(
          "Default strategies not seeded yet ({}); retrying in {}",
          e.getMessage(),
          settings.retryAfter());
      return false;
    }
  }

  @PreDestroy
  void stop() {
    Thread running = seeding;
    if (running != null) {
      running.interrupt();
    }
  }
}
