package io.leadpipe.ingest.replay;

import java.util.List;
import java.util.Map;

/**
 * The answer to a replay: per outcome how many, and each selected dead letter's outcome in
 * partition/offset order.
 *
 * @param notFound named dead letters that are not in the topic (never written or past retention)
 * @param undecodable records in the range that are not readable dead letters (skipped)
 */
public record ReplayReport(
    boolean dryRun,
    Map<ReplayOutcome.Outcome, Integer> counts,
    List<ReplayOutcome> results,
    List<String> notFound,
    int undecodable) {}
