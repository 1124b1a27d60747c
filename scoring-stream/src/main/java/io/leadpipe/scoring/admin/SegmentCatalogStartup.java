package io.leadpipe.scoring.admin;

import io.leadpipe.scoring.topics.TopicProvisioning;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up: read the existing definitions, then seed the default segments that are missing (when
 * {@code leadpipe.scoring.segments.seed-defaults} is on), so a fresh installation has segments to
 * show.
 */
@Singleton
public class SegmentCatalogStartup {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentCatalogStartup.class);

  private final TopicProvisioning topics;
  private final SegmentCatalog catalog;
  private final SegmentAdmin admin;
  private final SegmentSettings settings;

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
  void onStartup(ServerStartupEvent event) throws InterruptedException {
    topics.ensureProvisioned();
    catalog.start();
    if (!settings.seedDefaults()) {
      return;
    }
    if (!catalog.awaitLoaded(settings.loadTimeout())) {
      LOG.error(
          "Segment definitions not loaded within {}: default segments not seeded",
          settings.loadTimeout());
      return;
    }
    try {
      List<String> seeded = admin.seedDefaults();
      LOG.info("Default segments seeded: {}", seeded.isEmpty() ? "none missing" : seeded);
    } catch (SegmentsUnavailableException e) {
      LOG.error("Default segments not seeded: {}", e.getMessage());
    }
  }
}
