package io.leadpipe.ingest.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.ingest.auth.SourceKind;
import io.leadpipe.ingest.config.EnrichmentSettings;
import io.leadpipe.ingest.config.IngestLimits;
import io.leadpipe.ingest.config.SocialSettings;
import io.leadpipe.ingest.enrichment.ContextMapper;
import io.leadpipe.ingest.enrichment.UserAgentParser;
import io.leadpipe.ingest.event.RequestMeta;
import io.leadpipe.ingest.social.SocialEventMapper;
import io.leadpipe.ingest.tracking.IdentityMapper;
import io.leadpipe.ingest.tracking.WebEventMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The mappers wired by hand (no application context); the user agent parser is built once per JVM.
 */
public final class Mappers {

  public static final Instant RECEIVED_AT = Instant.parse("2026-11-23T10:00:00Z");
  public static final UserAgentParser USER_AGENTS =
      new UserAgentParser(EnrichmentSettings.defaults());
  private static final ObjectMapper JSON = new ObjectMapper();

  private Mappers() {}

  public static ContextMapper contexts() {
    return new ContextMapper(USER_AGENTS, EnrichmentSettings.defaults(), IngestLimits.defaults());
  }

  public static WebEventMapper web() {
    return new WebEventMapper(contexts(), IngestLimits.defaults());
  }

  public static IdentityMapper identities() {
    return new IdentityMapper(contexts(), IngestLimits.defaults());
  }

  public static SocialEventMapper social() {
    return new SocialEventMapper(contexts(), IngestLimits.defaults(), SocialSettings.defaults());
  }

  /** A request from a server source: every event is believed. */
  public static RequestMeta meta() {
    return meta(SourceKind.SERVER);
  }

  /** A request under a browser source's (public) key. */
  public static RequestMeta browserMeta() {
    return meta(SourceKind.BROWSER);
  }

  private static RequestMeta meta(SourceKind kind) {
    return new RequestMeta(
        "test-shop", kind, "/v1/track", RECEIVED_AT, "198.51.100.23", null, null, null);
  }

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
