package io.leadpipe.scoring.topics;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code leadpipe.scoring.topics.*}: creating the catalogue's missing topics at start-up.
 *
 * @param provision create missing topics before the Streams applications start
 * @param partitions partitions of visitor-keyed topics (the catalogue's default when unset)
 * @param replicationFactor replication of created topics (1 on a single dev broker, 3 in
 *     production)
 * @param timeout how long start-up waits for the cluster
 */
@ConfigurationProperties("leadpipe.scoring.topics")
public record TopicSettings(
    @Bindable(defaultValue = "true") boolean provision,
    @Nullable Integer partitions,
    @Bindable(defaultValue = "1") short replicationFactor,
    @Bindable(defaultValue = "30s") Duration timeout) {}
