package io.leadpipe.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code leadpipe.ingest.readiness.*}.
 *
 * @param kafkaTimeout how long the readiness check waits for the cluster to answer before reporting
 *     DOWN
 */
@ConfigurationProperties("leadpipe.ingest.readiness")
public record ReadinessSettings(@Bindable(defaultValue = "2s") Duration kafkaTimeout) {}
