package io.leadpipe.ingest.auth;

import io.leadpipe.service.config.ConfigBindingException;
import java.util.Locale;

/**
 * Where a source's events are sent from, which decides what ingest believes of them. A browser key
 * sits in the shop's pages, so anyone can send under it; a server key stays on the shop's (or a
 * connector's) servers.
 */
public enum SourceKind {
  /** Public key (in the page): no purchases, refunds or follower counts. The default. */
  BROWSER,
  /** Secret key kept on a server: every event is accepted. */
  SERVER;

  /**
   * @throws ConfigBindingException naming {@code property} for anything but browser or server
   */
  public static SourceKind parse(String property, String value) {
    if (value == null || value.isBlank()) {
      return BROWSER;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigBindingException(
          property,
          "'" + value + "' is not a source kind; use 'browser' (the default) or 'server'");
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
