package io.leadpipe.ingest.config;

import io.leadpipe.service.config.ConfigBindingException;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code leadpipe.ingest.rate-limit.*}: token buckets per write key, so one misbehaving source
 * cannot starve the others, and per client address within a browser source, so one abuser cannot
 * use up a shop's budget for all its visitors. Addresses are anonymised first (the /24 or /48
 * enrichment keeps), so a bucket never holds a whole address, and a household or office shares one.
 *
 * @param enabled off for benchmarks
 * @param requestsPerSecond sustained rate per write key
 * @param burst requests allowed at once per write key after a quiet period
 * @param addressRequestsPerSecond sustained rate per anonymised client address of a browser source
 *     (a server source sends from few addresses: only its key's rate applies)
 * @param addressBurst requests allowed at once per address after a quiet period (a page load fires
 *     several)
 * @param maxAddresses address buckets kept in memory; the least recently used go first, and a
 *     bucket idle long enough to be full again is dropped (a new one is the same)
 */
@ConfigurationProperties("leadpipe.ingest.rate-limit")
public record RateLimitSettings(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "200") double requestsPerSecond,
    @Bindable(defaultValue = "400") int burst,
    @Bindable(defaultValue = "20") double addressRequestsPerSecond,
    @Bindable(defaultValue = "100") int addressBurst,
    @Bindable(defaultValue = "100000") int maxAddresses) {

  private static final String PREFIX = "leadpipe.ingest.rate-limit.";

  public RateLimitSettings {
    positive("requests-per-second", requestsPerSecond);
    positive("burst", burst);
    positive("address-requests-per-second", addressRequestsPerSecond);
    positive("address-burst", addressBurst);
    positive("max-addresses", maxAddresses);
  }

  /** The documented defaults, for tests and tools that run without an application context. */
  public static RateLimitSettings defaults() {
    return new RateLimitSettings(true, 200, 400, 20, 100, 100_000);
  }

  private static void positive(String setting, double value) {
    if (!(value > 0)) {
      throw new ConfigBindingException(PREFIX + setting, "must be more than 0, was " + value);
    }
  }
}
