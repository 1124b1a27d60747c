package io.leadpipe.scoring.admin;

import io.leadpipe.scoring.topics.TopicProvisioning;
import io.leadpipe.service.catalog.DefaultsSeeding;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * At start-up: read the existing definitions, then seed the default segments that are missing (when
 * {@code leadpipe.scoring.segments.seed-defaults} is on), so a fresh installation has segments to
 * show; retried in the background while Kafka or the schema registry is down.
 */
@Singleton
public class SegmentCatalogStartup {

  private final TopicProvisioning topics;
  private final SegmentCatalog catalog;
  private final SegmentSettings settings;
  private final DefaultsSeeding seeding;

  public SegmentCatalogStartup(
      TopicProvisioning topics,
      SegmentCatalog catalog,
      SegmentAdmin admin,
      SegmentSettings settings) {
    this.topics = topics;
    this.catalog = catalog;
    this.settings = settings;
    this.seeding =
        new DefaultsSeeding(
            "segments",
            catalog,
            admin::seedDefaults,
            SegmentsUnavailableException.class,
            settings.loadTimeout(),
            settings.retryAfter());
  }

  @EventListener
  void onStartup(ServerStartupEvent event) {
    topics.ensureProvisioned();
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
