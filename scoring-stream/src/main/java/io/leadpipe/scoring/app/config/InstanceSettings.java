package io.leadpipe.scoring.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code leadpipe.scoring.instance.*}: how other instances reach this one (Streams' {@code
 * application.server}).
 *
 * @param advertisedHost the host name other instances resolve to this one (a container or pod name
 *     in production)
 * @param advertisedPort the port they call; 0 means the HTTP server's own port
 */
@ConfigurationProperties("leadpipe.scoring.instance")
public record InstanceSettings(
    @Bindable(defaultValue = "127.0.0.1") String advertisedHost,
    @Bindable(defaultValue = "0") int advertisedPort) {}
