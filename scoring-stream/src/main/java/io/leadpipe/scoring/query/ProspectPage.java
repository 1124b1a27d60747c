package io.leadpipe.scoring.query;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * A page of a prospect listing.
 *
 * @param total prospects matching the filter, over every instance
 * @param items at most {@code limit} prospects, from position {@code offset} in the ranking
 * @param coverage which partitions were ranked from a copy that may lag or not at all (null on an
 *     instance's share)
 */
@Serdeable
public record ProspectPage(
    long total,
    int offset,
    int limit,
    String sort,
    List<ProspectSummary> items,
    @Nullable Coverage coverage)
    implements MergedListing {

  @Creator
  public ProspectPage {}

  /** A page without a statement of coverage: one instance's share. */
  public ProspectPage(long total, int offset, int limit, String sort, List<ProspectSummary> items) {
    this(total, offset, limit, sort, items, null);
  }

  public ProspectPage withCoverage(Coverage c) {
    return new ProspectPage(total, offset, limit, sort, items, c);
  }
}
