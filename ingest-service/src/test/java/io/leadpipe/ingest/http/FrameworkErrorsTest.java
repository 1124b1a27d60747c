package io.leadpipe.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.ingest.testing.IngestClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Errors answered by the framework before an endpoint runs (found by the fuzz test: a 415 came back
 * in Micronaut's own JSON) are problem details too, and say nothing about the request or the
 * server's internals.
 */
class FrameworkErrorsTest {

  private static final String KEY = "framework-errors-key";
  private static EmbeddedServer server;
  private static IngestClient client;

  @BeforeAll
  static void start() {
    server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port",
                -1,
                "kafka.bootstrap.servers",
                "127.0.0.1:1",
                "leadpipe.schema-registry.url",
                "mock://framework-errors",
                "leadpipe.ingest.sources.errors-shop.write-key",
                KEY,
                "leadpipe.ingest.rate-limit.enabled",
                false,
                "leadpipe.ingest.readiness.kafka-timeout",
                "300ms"));
    client = new IngestClient(server.getURL());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anyDeclaredContentTypeIsReadAsJsonAndABodyThatIsNotIsInvalidJson() {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(client.uri("/v1/track"))
                .header("Authorization", IngestClient.basic(KEY))
                .header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<event secret=\"do-not-echo\"/>"))
                .build());

    assertProblem(response, 400, "https://leadpipe.io/problems/invalid-json");
    assertThat(response.body()).doesNotContain("do-not-echo").doesNotContain("xml");
  }

  @Test
  void aContentEncodingIngestCannotDecodeIs415UnsupportedMediaType() {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(client.uri("/v1/track"))
                .header("Authorization", IngestClient.basic(KEY))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "br")
                .POST(HttpRequest.BodyPublishers.ofString("do-not-echo"))
                .build());

    assertProblem(response, 415, "https://leadpipe.io/problems/unsupported-media-type");
  }

  @Test
  void anUnknownRouteIs404AndAWrongMethod405() {
    assertProblem(
        client.post("/v1/screens", "{}", KEY), 404, "https://leadpipe.io/problems/http-404");
    assertProblem(
        client.send(HttpRequest.newBuilder(client.uri("/v1/track?x=do-not-echo")).GET().build()),
        405,
        "https://leadpipe.io/problems/http-405");
  }

  private static void assertProblem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonNode problem = IngestClient.json(response);
    assertThat(problem.get("type").asText()).isEqualTo(type);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(response.body()).doesNotContain("do-not-echo").doesNotContain("Exception");
  }
}
