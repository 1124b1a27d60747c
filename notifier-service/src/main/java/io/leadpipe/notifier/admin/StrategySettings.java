package io.leadpipe.notifier.admin;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code leadpipe.notifier.strategies.*}: the strategies admin API and the seeding of the defaults.
 *
 * @param seedDefaults write the default strategies (the configured sequences) that do not exist yet
 *     at start-up; never overwrites an edit, never revives a deleted one
 * @param writeTimeout how long a write waits for Kafka's acknowledgement before answering 503
 * @param loadTimeout how long seeding waits to read the existing strategies before it retries
 * @param retryAfter what a 503 answer tells clients to wait, and the wait between seeding attempts
 */
@ConfigurationProperties("leadpipe.notifier.strategies")
public record StrategySettings(
    @Bindable(defaultValue = "true") boolean seedDefaults,
    @Bindable(defaultValue = "10s") Duration writeTimeout,
    @Bindable(defaultValue = "30s") Duration loadTimeout,
    @Bindable(defaultValue = "5s") Duration retryAfter) {}
