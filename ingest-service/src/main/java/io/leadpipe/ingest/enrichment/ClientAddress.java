package io.leadpipe.ingest.enrichment;

import io.leadpipe.ingest.config.EnrichmentSettings;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;

/**
 * The caller's address as ingest sees it: the first X-Forwarded-For entry when {@code
 * leadpipe.ingest.enrichment.trust-forwarded-for} is on (behind a proxy that sets it), else the
 * connection's peer.
 */
@Singleton
public class ClientAddress {

  private static final String FORWARDED_FOR = "X-Forwarded-For";

  private final EnrichmentSettings settings;

  public ClientAddress(EnrichmentSettings settings) {
    this.settings = settings;
  }

  /** Not anonymised: do not store or log it. Null when unknown. */
  public String of(HttpRequest<?> request) {
    if (settings.trustForwardedFor()) {
      String forwarded = request.getHeaders().get(FORWARDED_FOR);
      if (forwarded != null && !forwarded.isBlank()) {
        // The first entry is the client; the proxies append theirs after it.
        int comma = forwarded.indexOf(',');
        return (comma >= 0 ? forwarded.substring(0, comma) : forwarded).trim();
      }
    }
    InetSocketAddress remote = request.getRemoteAddress();
    return remote == null || remote.getAddress() == null
        ? null
        : remote.getAddress().getHostAddress();
  }

  /** The anonymised address (/24 of IPv4, /48 of IPv6), or null when unknown. */
  public String anonymised(HttpRequest<?> request) {
    return IpAnonymizer.anonymize(of(request));
  }
}
