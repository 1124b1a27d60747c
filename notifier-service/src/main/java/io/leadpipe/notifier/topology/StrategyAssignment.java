package io.leadpipe.notifier.topology;

import io.leadpipe.schemas.common.HesitationReason;
import java.time.Instant;
import java.util.List;

/**
 * A detection assigned to a strategy's arm (treated or holdout), handed from the follow-up
 * processor to the exposure processor in the same task: it never leaves the JVM, so it needs no
 * schema.
 */
record StrategyAssignment(
    String strategyId,
    int version,
    String variantId,
    HesitationReason reason,
    List<String> segments,
    Instant at) {}
