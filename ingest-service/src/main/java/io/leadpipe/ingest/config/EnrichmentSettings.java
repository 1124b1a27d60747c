package io.leadpipe.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code leadpipe.ingest.enrichment.*}: what ingest adds to each event.
 *
 * @param anonymizeIp zero the last IPv4 octet / last 80 IPv6 bits before anything is stored (GDPR
 *     default)
 * @param trustForwardedFor take the client address from X-Forwarded-For; only behind a proxy that
 *     sets it
 * @param referralParameter the page URL query parameter carrying a sharer's referral code
 * @param userAgentCacheSize parsed user agents kept; shoppers repeat the same few browsers
 */
@ConfigurationProperties("leadpipe.ingest.enrichment")
public record EnrichmentSettings(
    @Bindable(defaultValue = "true") boolean anonymizeIp,
    @Bindable(defaultValue = "false") boolean trustForwardedFor,
    @Bindable(defaultValue = "ref") String referralParameter,
    @Bindable(defaultValue = "10000") int userAgentCacheSize) {

  public static EnrichmentSettings defaults() {
    return new EnrichmentSettings(true, false, "ref", 10_000);
  }
}
