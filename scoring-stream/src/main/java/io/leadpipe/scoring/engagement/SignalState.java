package io.leadpipe.scoring.engagement;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Decay state of one signal, bounded in size whatever the number of events: the accumulated points
 * expressed as of {@code asOf}, and the count of occurrences on the latest day seen (for the daily
 * cap).
 */
public record SignalState(
    double points, Instant asOf, LocalDate day, int countOnDay, Instant lastAt) {}
