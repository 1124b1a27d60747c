package io.leadpipe.scoring.engagement;

import java.time.Instant;

/** Explanation line: a signal, its current (decayed) points and when it last happened. */
public record EngagementFactor(String signal, double points, Instant lastAt) {}
