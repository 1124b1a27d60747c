package io.leadpipe.scoring.query;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * A page of a prospect listing.
 *
 * @param total prospects matching the filter, over every instance
 * @param items at most {@code limit} prospects, from position {@code offset} in the ranking
 */
@Serdeable
public record ProspectPage(
    long total, int offset, int limit, String sort, List<ProspectSummary> items) {}
