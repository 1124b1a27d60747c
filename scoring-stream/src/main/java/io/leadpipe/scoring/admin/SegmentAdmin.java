package io.leadpipe.scoring.admin;

import io.leadpipe.schemas.segment.SegmentCategory;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.scoring.segment.DefaultSegments;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * create → version 1; update → previous version + 1 (the stream re-evaluates the profiles, in
 * chunks, on a new version); delete → tombstone. Each write is acknowledged by Kafka before it is
 * applied to the catalogue and answered. Writes of one instance are serialised, so versions only
 * grow.
 */
@Singleton
public class SegmentAdmin {

  /** {@code updatedBy} of definitions written through the admin API. */
  public static final String ADMIN_API = "admin-api";

  /** {@code updatedBy} of the default segments seeded at start-up. */
  public static final String DEFAULTS = "leadpipe-defaults";

  private static final Logger LOG = LoggerFactory.getLogger(SegmentAdmin.class);

  private final SegmentCatalog catalog;
  private final SegmentWriter writer;
  private final Clock clock;

  public SegmentAdmin(SegmentCatalog catalog, SegmentWriter writer, Clock clock) {
    this.catalog = catalog;
    this.writer = writer;
    this.clock = clock;
  }

  public synchronized SegmentDefinition create(SegmentDraft draft) {
    requireLoaded();
    if (catalog.find(draft.segmentId()).isPresent()) {
      throw new SegmentExistsException(draft.segmentId());
    }
    return write(draft, 1, ADMIN_API);
  }

  public synchronized SegmentDefinition update(SegmentDraft draft) {
    requireLoaded();
    SegmentDefinition current =
        catalog
            .find(draft.segmentId())
            .orElseThrow(() -> new SegmentNotFoundException(draft.segmentId()));
    return write(draft, current.getVersion() + 1, ADMIN_API);
  }

  public synchronized void delete(String segmentId) {
    requireLoaded();
    if (catalog.find(segmentId).isEmpty()) {
      throw new SegmentNotFoundException(segmentId);
    }
    catalog.apply(segmentId, null, writer.write(segmentId, null));
    LOG.info("Segment {} deleted", segmentId);
  }

  public Optional<SegmentDefinition> find(String segmentId) {
    requireLoaded();
    return catalog.find(segmentId);
  }

  public List<SegmentDefinition> all() {
    requireLoaded();
    return catalog.all();
  }

  /**
   * Writes each default segment that neither exists nor was deleted by an operator; existing ones,
   * edited or not, are left alone. Returns the ids written.
   */
  public synchronized List<String> seedDefaults() {
    requireLoaded();
    List<String> seeded = new ArrayList<>();
    for (DefaultSegments.Default d : DefaultSegments.ALL) {
      if (catalog.find(d.segmentId()).isEmpty() && !catalog.wasDeleted(d.segmentId())) {
        write(
            new SegmentDraft(
                d.segmentId(),
                d.name(),
                d.description(),
                SegmentCategory.valueOf(d.category()),
                SegmentDrafts.validRule(d.rule()),
                true),
            1,
            DEFAULTS);
        seeded.add(d.segmentId());
      }
    }
    return seeded;
  }

  private SegmentDefinition write(SegmentDraft draft, int version, String updatedBy) {
    SegmentDefinition definition =
        SegmentDefinition.newBuilder()
            .setSegmentId(draft.segmentId())
            .setName(draft.name())
            .setDescription(draft.description())
            .setCategory(draft.category())
            .setRule(draft.rule())
            .setEnabled(draft.enabled())
            .setVersion(version)
            .setUpdatedAt(clock.instant())
            .setUpdatedBy(updatedBy)
            .build();
    catalog.apply(draft.segmentId(), definition, writer.write(draft.segmentId(), definition));
    LOG.info("Segment {} written (version {}, by {})", draft.segmentId(), version, updatedBy);
    return definition;
  }

  private void requireLoaded() {
    if (!catalog.isLoaded()) {
      throw new SegmentsUnavailableException("the segment definitions are still loading", null);
    }
  }
}
