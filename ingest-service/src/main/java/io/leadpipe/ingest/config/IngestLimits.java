package io.leadpipe.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code leadpipe.ingest.limits.*}: what one request may carry. The defaults are Segment's public
 * limits (32 KB per event, 500 KB per batch, message ids up to 100 characters).
 *
 * @param maxEventBytes size of one event's JSON
 * @param maxBatchBytes size of a whole batch body
 * @param maxMessageIdLength longest client message id kept
 * @param maxIdLength longest anonymousId, userId or previousId
 * @param maxNameLength longest event name, network, handle or other short text
 * @param maxTextLength longest free text (comments, social text, URLs)
 */
@ConfigurationProperties("leadpipe.ingest.limits")
public record IngestLimits(
    @Bindable(defaultValue = "32768") int maxEventBytes,
    @Bindable(defaultValue = "512000") int maxBatchBytes,
    @Bindable(defaultValue = "100") int maxMessageIdLength,
    @Bindable(defaultValue = "200") int maxIdLength,
    @Bindable(defaultValue = "200") int maxNameLength,
    @Bindable(defaultValue = "8192") int maxTextLength) {

  /** The defaults, for tests and tools that run without an application context. */
  public static IngestLimits defaults() {
    return new IngestLimits(32_768, 512_000, 100, 200, 200, 8_192);
  }
}
