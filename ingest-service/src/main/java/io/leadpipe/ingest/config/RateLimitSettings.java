package io.leadpipe.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code leadpipe.ingest.rate-limit.*}: requests per second per write key (a token bucket), so one
 * misbehaving source cannot starve the others.
 *
 * @param enabled off for benchmarks and trusted server-side sources
 * @param requestsPerSecond sustained rate per write key
 * @param burst requests allowed at once after a quiet period
 */
@ConfigurationProperties("leadpipe.ingest.rate-limit")
public record RateLimitSettings(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "200") double requestsPerSecond,
    @Bindable(defaultValue = "400") int burst) {}
