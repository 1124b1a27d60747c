package io.leadpipe.scoring.tally;

import io.leadpipe.scoring.forecast.stream.ForecastTally;

/**
 * What one visitor is counted under in the tallies kept from the published profiles: the query
 * API's counters and prospect index, and the forecast sums. One record per visitor, so a publish
 * reads and writes it once for all of them; that the record exists also says the visitor has its
 * key in the preview sample. Segment evaluation reads the visitor's previous membership from its
 * facets, so membership needs no record of its own.
 *
 * @param query its counter keys, scores and facets
 * @param forecast its forecast groups and share
 */
public record VisitorTally(QueryTallies.Counted query, ForecastTally.Counted forecast) {}
