package io.leadpipe.scoring.admin;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code leadpipe.scoring.segments.*}: the admin segments API.
 *
 * @param seedDefaults write the default segments that do not exist yet at start-up (never
 *     overwrites an edit)
 * @param writeTimeout how long a write waits for Kafka's acknowledgement before answering 503
 * @param loadTimeout how long start-up waits to read the existing definitions before seeding
 * @param retryAfter what a 503 answer tells clients to wait
 */
@ConfigurationProperties("leadpipe.scoring.segments")
public record SegmentSettings(
    @Bindable(defaultValue = "true") boolean seedDefaults,
    @Bindable(defaultValue = "10s") Duration writeTimeout,
    @Bindable(defaultValue = "30s") Duration loadTimeout,
    @Bindable(defaultValue = "5s") Duration retryAfter) {}
