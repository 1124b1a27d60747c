package io.leadpipe.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpipe.ingest.auth.SourceKind;
import io.leadpipe.ingest.config.EnrichmentSettings;
import io.leadpipe.ingest.config.IngestLimits;
import io.leadpipe.ingest.config.SocialSettings;
import io.leadpipe.ingest.enrichment.ContextMapper;
import io.leadpipe.ingest.enrichment.UserAgentParser;
import io.leadpipe.ingest.event.MappedEvent;
import io.leadpipe.ingest.event.RequestMeta;
import io.leadpipe.ingest.social.SocialEventMapper;
import io.leadpipe.ingest.tracking.IdentityMapper;
import io.leadpipe.ingest.tracking.WebEventMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Demo calls through ingest's real mappers (the code behind /v1/batch and /v1/social), with
 * ingest's default settings: what the pipeline would receive for them.
 */
final class IngestedCalls {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLIENT_IP = "203.0.113.9";

  private final WebEventMapper web;
  private final IdentityMapper identities;
  private final SocialEventMapper social;

  IngestedCalls() {
    ContextMapper contexts =
        new ContextMapper(
            new UserAgentParser(EnrichmentSettings.defaults()),
            EnrichmentSettings.defaults(),
            IngestLimits.defaults());
    web = new WebEventMapper(contexts, IngestLimits.defaults());
    identities = new IdentityMapper(contexts, IngestLimits.defaults());
    social = new SocialEventMapper(contexts, IngestLimits.defaults(), SocialSettings.defaults());
  }

  /** The call as ingest receives it now, with no timestamp of its own; it must be accepted. */
  MappedEvent.Accepted accept(DemoCall call) {
    return accept(call, JSON.valueToTree(call.body()), Instant.now());
  }

  /**
   * The call sent at {@code at}, stamped with that time as the demo's traffic stamps every call; it
   * must be accepted.
   */
  MappedEvent.Accepted acceptAt(DemoCall call, Instant at) {
    ObjectNode node = JSON.valueToTree(call.body());
    node.put("timestamp", at.toString());
    return accept(call, node, at);
  }

  private MappedEvent.Accepted accept(DemoCall call, JsonNode node, Instant receivedAt) {
    byte[] bytes = node.toString().getBytes(StandardCharsets.UTF_8);
    // With the key the demo sends it with: the mappers refuse purchases and follower counts from a
    // browser source.
    RequestMeta meta =
        call.endpoint().serverSide()
            ? new RequestMeta(
                "demo-server",
                SourceKind.SERVER,
                call.endpoint().path(),
                receivedAt,
                CLIENT_IP,
                null,
                null,
                null)
            : new RequestMeta(
                "demo-shop",
                SourceKind.BROWSER,
                call.endpoint().path(),
                receivedAt,
                CLIENT_IP,
                null,
                null,
                null);
    MappedEvent mapped =
        call.endpoint() == DemoCall.Endpoint.SOCIAL
            ? social.social(node, 0, bytes, meta)
            : switch (node.path("type").asText()) {
              case "track" -> web.track(node, 0, bytes, meta);
              case "page" -> web.page(node, 0, bytes, meta);
              case "identify" -> identities.identify(node, 0, bytes, meta);
              default -> throw new AssertionError("unexpected call " + node);
            };
    assertThat(mapped).as(node.toString()).isInstanceOf(MappedEvent.Accepted.class);
    return (MappedEvent.Accepted) mapped;
  }
}
