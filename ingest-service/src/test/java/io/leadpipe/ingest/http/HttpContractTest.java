package io.leadpipe.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.ingest.testing.IngestClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The documented 4xx answers, the snippet and CORS: everything decided before an event reaches
 * Kafka, so the app runs here against an unreachable cluster (a valid event would wait for it; none
 * is sent).
 */
class HttpContractTest {

  private static final String KEY = "contract-key";
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
                "mock://http-contract",
                "leadpipe.ingest.sources.contract-shop.write-key",
                KEY,
                "leadpipe.ingest.rate-limit.enabled",
                false,
                "micronaut.server.cors.configurations.web.allowed-origins",
                List.of("https://shop.example"),
                "leadpipe.ingest.readiness.kafka-timeout",
                "300ms"));
    client = new IngestClient(server.getURL());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aMissingOrUnknownWriteKeyIs401WithoutEchoingTheKey() {
    HttpResponse<String> missing = client.post("/v1/track", "{}", null);
    HttpResponse<String> unknown = client.post("/v1/track", "{}", "wrong-secret-key");

    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("WWW-Authenticate"))
        .hasValue("Basic realm=\"leadpipe\"");
    assertThat(missing.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(IngestClient.json(missing).get("type").asText())
        .isEqualTo("https://leadpipe.io/problems/unauthorized");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.body()).doesNotContain("wrong-secret-key");
  }

  @Test
  void badJsonIs400InvalidJson() {
    HttpResponse<String> response = client.post("/v1/track", "{\"event\": ", KEY);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode problem = IngestClient.json(response);
    assertThat(problem.get("type").asText()).endsWith("/invalid-json");
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("instance").asText()).isEqualTo("/v1/track");
  }

  @Test
  void aBodyThatIsNotAnObjectIs400() {
    HttpResponse<String> response = client.post("/v1/page", "[1,2]", KEY);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(IngestClient.json(response).get("type").asText()).endsWith("/invalid-request");
  }

  @Test
  void everyViolationIsListedWithItsFieldPath() {
    String event =
        """
        {"event": 42, "messageId": "%s", "timestamp": "yesterday",
         "properties": {"product_id": "p1", "price": "cheap", "quantity": 1.5,
                        "products": [{"product_id": "p2", "price": "x"}]},
         "context": {"page": "not-an-object"}}"""
            .formatted("m".repeat(101));

    HttpResponse<String> response = client.post("/v1/track", event, KEY);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode problem = IngestClient.json(response);
    assertThat(problem.get("type").asText()).endsWith("/invalid-event");
    assertThat(fields(problem))
        .containsExactlyInAnyOrder(
            "messageId",
            "anonymousId",
            "timestamp",
            "event",
            "properties.price",
            "properties.quantity",
            "properties.products[0].price",
            "context.page");
  }

  @Test
  void missingIdsAre400() {
    HttpResponse<String> response =
        client.post("/v1/identify", "{\"traits\": {\"email\": \"a@b.example\"}}", KEY);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(IngestClient.json(response))).containsExactly("anonymousId");
    assertThat(response.body()).doesNotContain("a@b.example");
  }

  @Test
  void aliasNeedsUserIdAndPreviousId() {
    HttpResponse<String> response = client.post("/v1/alias", "{\"anonymousId\": \"a1\"}", KEY);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(IngestClient.json(response)))
        .containsExactlyInAnyOrder("userId", "previousId");
  }

  @Test
  void anEventOver32KbIs413() {
    String event =
        "{\"anonymousId\": \"a1\", \"event\": \"Big\", \"properties\": {\"blob\": \"%s\"}}"
            .formatted("x".repeat(33_000));

    HttpResponse<String> response = client.post("/v1/track", event, KEY);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(IngestClient.json(response).get("type").asText()).endsWith("/event-too-large");
  }

  @Test
  void aBatchOver500KbIs413() {
    String item =
        "{\"type\": \"track\", \"anonymousId\": \"a1\", \"event\": \"Big\", \"properties\": {\"blob\": \"%s\"}}"
            .formatted("x".repeat(20_000));
    String batch =
        "{\"batch\": [" + String.join(",", java.util.Collections.nCopies(30, item)) + "]}";

    HttpResponse<String> response = client.post("/v1/batch", batch, KEY);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(IngestClient.json(response).get("type").asText()).endsWith("/batch-too-large");
  }

  @Test
  void aBodyOverTheServerLimitIs413ProblemToo() {
    HttpResponse<String> response =
        client.post("/v1/batch", "{\"batch\": [\"" + "x".repeat(1_200_000) + "\"]}", KEY);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
  }

  @Test
  void aBatchWithOnlyBadEventsIs400AndReportsEachByIndex() {
    String batch =
        """
        {"batch": [
          {"type": "track", "event": "Product Viewed"},
          {"type": "video", "anonymousId": "a1"},
          {"type": "page", "anonymousId": "a1", "properties": {"url": 5}},
          "not an object"
        ]}""";

    HttpResponse<String> response = client.post("/v1/batch", batch, KEY);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode problem = IngestClient.json(response);
    assertThat(problem.get("type").asText()).endsWith("/invalid-batch");
    List<Integer> indexes = new ArrayList<>();
    problem.get("rejected").forEach(r -> indexes.add(r.get("index").asInt()));
    assertThat(indexes).containsExactly(0, 1, 2, 3);
    assertThat(fields(problem))
        .containsExactly(
            "batch[0].anonymousId", "batch[1].type", "batch[2].properties.url", "batch[3]");
  }

  @Test
  void aBatchWithoutBatchArrayIs400() {
    HttpResponse<String> response = client.post("/v1/batch", "{\"events\": []}", KEY);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(IngestClient.json(response))).containsExactly("batch");
  }

  @Test
  void theSnippetIsServedAsJavaScript() {
    HttpResponse<String> response = client.get("/v1/tracker.js");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/javascript"));
    assertThat(response.body()).contains("leadpipe");
  }

  @Test
  void theDemoShopIsOffUnlessAskedFor() {
    // micronaut.router.static-resources.demo.enabled (LEADPIPE_DEMO_SHOP) is false by default;
    // ChromiumSnippetIT turns it on and uses the pages.
    assertThat(client.get("/demo/shop.html").statusCode()).isEqualTo(404);
  }

  @Test
  void aConfiguredOriginMayPostFromTheBrowser() {
    HttpResponse<String> allowed =
        client.send(
            HttpRequest.newBuilder(client.uri("/v1/batch"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://shop.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .build());
    HttpResponse<String> other =
        client.send(
            HttpRequest.newBuilder(client.uri("/v1/batch"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .build());

    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://shop.example");
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void notReadyWhileKafkaIsUnreachable() {
    HttpResponse<String> readiness = client.get("/health/readiness");

    assertThat(readiness.statusCode()).isEqualTo(503);
    assertThat(readiness.body()).contains("DOWN");
  }

  @Test
  void aPurchaseOrRefundFromABrowserKeyIs403NamingTheEvent() {
    String purchase =
        """
        {"event": "Order Completed", "anonymousId": "a-1",
         "properties": {"order_id": "o-1", "revenue": 1000000}}""";

    HttpResponse<String> response = client.post("/v1/track", purchase, KEY);

    assertThat(response.statusCode()).isEqualTo(403);
    JsonNode problem = IngestClient.json(response);
    assertThat(problem.get("type").asText()).endsWith("/untrusted-source");
    assertThat(fields(problem)).containsExactly("event");
    assertThat(problem.get("violations").get(0).get("message").asText())
        .contains("\"Order Completed\"", "server sources only");
  }

  @Test
  void aBatchOfOnlyForgedPurchasesAndFollowerCountsIs403ListingEachEvent() {
    String batch =
        """
        {"batch": [
          {"type": "track", "event": "order_completed", "anonymousId": "a-1", "messageId": "m-1",
           "properties": {"revenue": 5}},
          {"type": "track", "event": "Order Refunded", "anonymousId": "a-1", "messageId": "m-2"}]}""";
    String social =
        """
        {"batch": [{"anonymousId": "a-1", "network": "x", "kind": "follow",
                    "followerCount": 10000000000}]}""";

    HttpResponse<String> web = client.post("/v1/batch", batch, KEY);
    HttpResponse<String> followers = client.post("/v1/social", social, KEY);

    assertThat(web.statusCode()).isEqualTo(403);
    JsonNode problem = IngestClient.json(web);
    assertThat(fields(problem)).containsExactly("batch[0].event", "batch[1].event");
    assertThat(problem.get("rejected").findValuesAsText("reason"))
        .containsExactly("untrusted-source", "untrusted-source");
    assertThat(problem.get("rejected").findValuesAsText("messageId")).containsExactly("m-1", "m-2");
    assertThat(followers.statusCode()).isEqualTo(403);
    assertThat(fields(IngestClient.json(followers))).containsExactly("batch[0].followerCount");
  }

  @Test
  void anInvalidForgedPurchaseListsEveryViolation() {
    String purchase =
        """
        {"event": "Order Completed", "anonymousId": "a-1", "properties": {"revenue": "lots"}}""";

    HttpResponse<String> response = client.post("/v1/track", purchase, KEY);

    // Invalid as well as refused: a 400, with both reasons listed.
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(IngestClient.json(response)))
        .containsExactlyInAnyOrder("properties.revenue", "event");
  }

  private static List<String> fields(JsonNode problem) {
    List<String> fields = new ArrayList<>();
    problem.get("violations").forEach(v -> fields.add(v.get("field").asText()));
    return fields;
  }
}
