package io.leadpipe.ingest.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.ingest.testing.IngestClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Over its rate a write key gets 429 with Retry-After, while another key is still served; so does
 * one client address of a browser key, while another address with the same key is still served.
 */
class RateLimitHttpTest {

  @Test
  void aSourceOverItsRateGets429WithRetryAfter() {
    try (EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port", -1,
                "kafka.bootstrap.servers", "127.0.0.1:1",
                "leadpipe.schema-registry.url", "mock://rate-limit",
                "leadpipe.ingest.sources.noisy.write-key", "noisy-key",
                "leadpipe.ingest.sources.quiet.write-key", "quiet-key",
                // One token per 100 s: no refill between the requests even on a busy machine.
                "leadpipe.ingest.rate-limit.requests-per-second", 0.01,
                "leadpipe.ingest.rate-limit.burst", 2))) {
      IngestClient client = new IngestClient(server.getURL());
      // Invalid bodies: answered at once (400) without Kafka, yet they count against the rate.
      assertThat(client.post("/v1/track", "{}", "noisy-key").statusCode()).isEqualTo(400);
      assertThat(client.post("/v1/track", "{}", "noisy-key").statusCode()).isEqualTo(400);

      HttpResponse<String> limited = client.post("/v1/track", "{}", "noisy-key");

      assertThat(limited.statusCode()).isEqualTo(429);
      // The wait left until the next token: at most 100 s, less by however long the requests took.
      assertThat(limited.headers().firstValue("Retry-After"))
          .hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 100));
      assertThat(IngestClient.json(limited).get("type").asText()).endsWith("/rate-limited");
      assertThat(client.post("/v1/track", "{}", "quiet-key").statusCode()).isEqualTo(400);
    }
  }

  @Test
  void anAddressOverItsRateGets429WhileAnotherAddressWithTheSameKeyPasses() {
    try (EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port",
                -1,
                "kafka.bootstrap.servers",
                "127.0.0.1:1",
                "leadpipe.schema-registry.url",
                "mock://rate-limit-address",
                "leadpipe.ingest.sources.shop.write-key",
                "shop-key",
                // Behind a proxy: the client address is the first X-Forwarded-For entry.
                "leadpipe.ingest.enrichment.trust-forwarded-for",
                true,
                // One token per 100 s per address: no refill between the requests.
                "leadpipe.ingest.rate-limit.address-requests-per-second",
                0.01,
                "leadpipe.ingest.rate-limit.address-burst",
                2))) {
      IngestClient client = new IngestClient(server.getURL());
      String abuser = "203.0.113.77";
      // Same /24 as the abuser: anonymised alike, so it shares the abuser's bucket.
      String neighbour = "203.0.113.200";
      String otherVisitor = "198.51.100.23";
      assertThat(post(client, abuser).statusCode()).isEqualTo(400);
      assertThat(post(client, abuser).statusCode()).isEqualTo(400);

      HttpResponse<String> limited = post(client, abuser);

      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After"))
          .hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 100));
      assertThat(IngestClient.json(limited).get("type").asText()).endsWith("/rate-limited");
      assertThat(post(client, neighbour).statusCode()).isEqualTo(429);
      assertThat(post(client, otherVisitor).statusCode()).isEqualTo(400);
    }
  }

  private static HttpResponse<String> post(IngestClient client, String forwardedFor) {
    return client.send(
        HttpRequest.newBuilder(client.uri("/v1/track"))
            .header("Content-Type", "application/json")
            .header("Authorization", IngestClient.basic("shop-key"))
            .header("X-Forwarded-For", forwardedFor + ", 10.0.0.1")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build());
  }
}
