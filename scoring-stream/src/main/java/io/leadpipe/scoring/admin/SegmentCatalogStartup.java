package io.leadpipe.scoring.admin;

import io.leadpipe.scoring.topics.TopicProvisioning;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up: read the existing definitions, then seed the default segments that are missing (when
 * {@code leadpipe.scoring.segments.seed-defaults} is on), so a fresh installation has segments to
 * show. Seeding runs in the background and is retried every {@code retry-after} while the
 * definitions cannot be loaded or written (Kafka or the schema registry down at start-up), so an
 * outage at the first start does not leave an installation without its default segments.
 */
@Singleton
public class SegmentCatalogStartup {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentCatalogStartup.class);

  private final TopicProvisioning topics;
  private final SegmentCatalog catalog;
  private final SegmentAdmin admin;
  private final SegmentSettings settings;
  private volatile Thread seeding;

  public SegmentCatalogStartup(
      TopicProvisioning topics,
      SegmentCatalog catalog,
      SegmentAdmin admin,
      SegmentSettings settings) {
    this.topics = topics;
    this.catalog = catalog;
    this.admin = admin;
    this.settings = settings;
  }

  @EventListener
  void onStartup(ServerStartupEvent event) {
    topics.ensureProvisioned();
    catalog.start();
    if (settings.seedDefaults()) {
      Thread thread = new Thread(this::seedUntilDone, "segment-seeding");
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
          "Segment definitions not loaded within {}: default segments not seeded yet, retrying",
          settings.loadTimeout());
      return false;
    }
    try {
      List<String> seeded = admin.seedDefaults();
      LOG.info("Default segments seeded: {}", seeded.isEmpty() ? "none missing" : seeded);
      return true;
    } catch (SegmentsUnavailableException e) {
      LOG.warn(
          "Default segments not seeded yet ({}); retrying in {}",
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
