package io.leadpipe.ingest.replay;

import io.leadpipe.service.config.ConfigBindingException;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code leadpipe.ingest.replay.*}: how the dead-letter admin API reads and replays.
 *
 * @param readTimeout how long one request may spend reading leadpipe.dead-letters (and the replay
 *     ledger) up to the end offsets taken when it started; beyond it the request fails with 503
 * @param sendTimeout how long one replayed record (and its ledger entry) may wait for Kafka's
 *     acknowledgement
 * @param defaultPageSize dead letters listed per page when the request names no limit
 * @param maxPageSize the largest page a request may ask for
 * @param maxReplaysPerRequest dead letters one replay request re-submits at most; the rest are
 *     reported as not attempted, and the next request (the ledger skips what was replayed) goes on
 */
@ConfigurationProperties("leadpipe.ingest.replay")
public record ReplaySettings(
    @Bindable(defaultValue = "30s") Duration readTimeout,
    @Bindable(defaultValue = "10s") Duration sendTimeout,
    @Bindable(defaultValue = "100") int defaultPageSize,
    @Bindable(defaultValue = "1000") int maxPageSize,
    @Bindable(defaultValue = "10000") int maxReplaysPerRequest) {

  private static final String PREFIX = "leadpipe.ingest.replay.";

  public ReplaySettings {
    positive(PREFIX + "read-timeout", readTimeout);
    positive(PREFIX + "send-timeout", sendTimeout);
    if (maxPageSize < 1) {
      throw new ConfigBindingException(PREFIX + "max-page-size", "must be at least 1");
    }
    if (defaultPageSize < 1 || defaultPageSize > maxPageSize) {
      throw new ConfigBindingException(
          PREFIX + "default-page-size",
          "must be between 1 and max-page-size (" + maxPageSize + ")");
    }
    if (maxReplaysPerRequest < 1) {
      throw new ConfigBindingException(PREFIX + "max-replays-per-request", "must be at least 1");
    }
  }

  private static void positive(String property, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new ConfigBindingException(property, "must be a positive duration, e.g. 30s");
    }
  }
}
