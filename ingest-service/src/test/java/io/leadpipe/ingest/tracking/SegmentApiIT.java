package io.leadpipe.ingest.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.ingest.testing.EcommerceSpec;
import io.leadpipe.ingest.testing.IngestApp;
import io.leadpipe.ingest.testing.IngestClient;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Given the ingest service on the in-process broker, when a client speaks Segment's HTTP API as
 * Segment's and RudderStack's libraries do — every call type, every body shape (declared content
 * types, gzip, deflate, the write key in the body), every e-commerce spec event — then each event
 * lands on its topic with its kind, key and fields; bodies too large once decompressed answer 413
 * and the service stays healthy.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class SegmentApiIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static KafkaTestEnvironment env;
  private static IngestApp app;

  @BeforeAll
  static void start(KafkaTestEnvironment environment) {
    env = environment;
    app = IngestApp.start(env, Map.of());
    await().atMost(WAIT).until(() -> app.client().get("/health/readiness").statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void everyCallTypeLandsOnItsTopicWithItsKindAndKey() {
    String user = "user-" + UUID.randomUUID();
    String anon = "anon-" + UUID.randomUUID();
    List<String> calls =
        List.of(
            "track",
            """
            {"anonymousId": "%s", "event": "Product Viewed", "properties": {"product_id": "tent"}}""",
            "page",
            """
            {"anonymousId": "%s", "name": "Home", "properties": {"url": "https://shop.example/"}}""",
            "screen",
            """
            {"anonymousId": "%s", "name": "Cart", "properties": {"items": 2}}""",
            "identify",
            """
            {"userId": "%s", "traits": {"firstName": "Ana"}}""",
            "group",
            """
            {"userId": "%s", "groupId": "acme",
             "traits": {"name": "Acme", "industry": "Retail", "employees": 420, "plan": "pro"}}""",
            "alias",
            """
            {"userId": "%s", "previousId": "%s"}""");

    for (int i = 0; i < calls.size(); i += 2) {
      String type = calls.get(i);
      // Views are the anonymous visitor's; identify, group and alias the known user's.
      boolean view = type.equals("track") || type.equals("page") || type.equals("screen");
      String body = calls.get(i + 1).formatted(view ? anon : user, anon);
      HttpResponse<String> response = app.client().post("/v1/" + type, body, IngestApp.WRITE_KEY);
      assertThat(response.statusCode()).as(type + ": " + response.body()).isEqualTo(200);
    }

    List<WebEvent> web = values(Topics.WEB_EVENTS, anon, 3);
    assertThat(web)
        .extracting(WebEvent::getType, WebEvent::getName)
        .containsExactlyInAnyOrder(
            tuple(WebEventType.PRODUCT_VIEW, "Product Viewed"),
            tuple(WebEventType.PAGE_VIEW, "page"),
            tuple(WebEventType.SCREEN_VIEW, "screen"));
    WebEvent screen =
        web.stream().filter(e -> e.getType() == WebEventType.SCREEN_VIEW).findFirst().orElseThrow();
    assertThat(screen.getProperties())
        .containsEntry("name", "\"Cart\"")
        .containsEntry("items", "2");
    Map<IdentityKind, IdentityEvent> identities =
        values(Topics.IDENTITIES, user, 3).stream()
            .collect(Collectors.toMap(IdentityEvent::getKind, Function.identity()));
    assertThat(identities.get(IdentityKind.IDENTIFY).getTraits().getFirstName()).isEqualTo("Ana");
    IdentityEvent group = identities.get(IdentityKind.GROUP);
    assertThat(group.getGroupId()).isEqualTo("acme");
    assertThat(group.getTraits().getCompany().getName()).isEqualTo("Acme");
    assertThat(group.getTraits().getCompany().getIndustry()).isEqualTo("Retail");
    assertThat(group.getTraits().getCompany().getEmployees()).isEqualTo(420);
    assertThat(group.getTraits().getCompany().getPlan()).isEqualTo("pro");
    assertThat(identities.get(IdentityKind.ALIAS).getPreviousId()).isEqualTo(anon);
  }

  @Test
  void aBatchCarriesEveryCallTypeAndMergesItsContextAndIntegrationsUnderEachEvents() {
    String visitor = "anon-" + UUID.randomUUID();
    String body =
        """
        {"context": {"locale": "de-DE", "timezone": "Europe/Vienna"},
         "integrations": {"All": true, "Mixpanel": false},
         "batch": [
          {"type": "track", "anonymousId": "%1$s", "event": "Cart Viewed", "context": {"locale": "en-GB"},
           "integrations": {"Mixpanel": true}},
          {"type": "page", "anonymousId": "%1$s"},
          {"type": "screen", "anonymousId": "%1$s", "name": "Checkout"},
          {"type": "identify", "anonymousId": "%1$s", "traits": {"city": "Graz"}},
          {"type": "group", "anonymousId": "%1$s", "groupId": "g-1", "traits": {"industry": "Software"}},
          {"type": "alias", "anonymousId": "%1$s", "userId": "%1$s", "previousId": "old-%1$s"}]}"""
            .formatted(visitor);

    HttpResponse<String> response = app.client().post("/v1/batch", body, IngestApp.WRITE_KEY);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(IngestClient.json(response).get("accepted").asInt()).isEqualTo(6);
    Map<WebEventType, WebEvent> web =
        values(Topics.WEB_EVENTS, visitor, 3).stream()
            .collect(Collectors.toMap(WebEvent::getType, Function.identity()));
    assertThat(web)
        .containsOnlyKeys(WebEventType.CART_VIEW, WebEventType.PAGE_VIEW, WebEventType.SCREEN_VIEW);
    // The event's own context and integrations win over the batch's, key by key.
    assertThat(web.get(WebEventType.CART_VIEW).getContext().getLocale()).isEqualTo("en-GB");
    assertThat(web.get(WebEventType.CART_VIEW).getContext().getTimezone())
        .isEqualTo("Europe/Vienna");
    assertThat(web.get(WebEventType.CART_VIEW).getContext().getIntegrations())
        .isEqualTo(Map.of("All", "true", "Mixpanel", "true"));
    assertThat(web.get(WebEventType.PAGE_VIEW).getContext().getLocale()).isEqualTo("de-DE");
    assertThat(web.get(WebEventType.SCREEN_VIEW).getContext().getIntegrations())
        .isEqualTo(Map.of("All", "true", "Mixpanel", "false"));
    assertThat(values(Topics.IDENTITIES, visitor, 3))
        .extracting(IdentityEvent::getKind)
        .containsExactlyInAnyOrder(IdentityKind.IDENTIFY, IdentityKind.GROUP, IdentityKind.ALIAS);
  }

  @Test
  void aJsonBodyIsAcceptedWhateverContentTypeIsDeclared() {
    String visitor = "anon-" + UUID.randomUUID();
    List<String> declared =
        new ArrayList<>(
            List.of(
                "application/json",
                "application/json; charset=utf-8",
                "application/x-www-form-urlencoded",
                "text/plain;charset=UTF-8"));
    declared.add(null); // none at all

    for (String contentType : declared) {
      HttpRequest.Builder request =
          post("/v1/track", track(visitor, "ct " + contentType).getBytes(StandardCharsets.UTF_8))
              .header("Authorization", IngestClient.basic(IngestApp.WRITE_KEY));
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      HttpResponse<String> response = app.client().send(request.build());
      assertThat(response.statusCode()).as(contentType + ": " + response.body()).isEqualTo(200);
    }

    assertThat(values(Topics.WEB_EVENTS, visitor, declared.size()))
        .extracting(e -> e.getProperties().get("note"))
        .containsExactlyInAnyOrderElementsOf(
            declared.stream().map(ct -> "\"ct " + ct + "\"").toList());
  }

  @Test
  void gzipAndDeflateBodiesAreDecompressedAndTheWriteKeyMayBeInTheBody() {
    String visitor = "anon-" + UUID.randomUUID();
    byte[] batch =
        ("{\"writeKey\": \""
                + IngestApp.WRITE_KEY
                + "\", \"batch\": ["
                + track(visitor, "gzip batch")
                + "]}")
            .getBytes(StandardCharsets.UTF_8);

    // gzip, key in the body (what analytics-node and RudderStack's SDKs can send)
    assertThat(send(post("/v1/batch", gzip(batch)).header("Content-Encoding", "gzip")).statusCode())
        .isEqualTo(200);
    // deflate as HTTP defines it (zlib) and raw deflate, key as Basic auth
    assertThat(
            send(post("/v1/track", deflate(track(visitor, "zlib"), false))
                    .header("Content-Encoding", "deflate")
                    .header("Authorization", IngestClient.basic(IngestApp.WRITE_KEY)))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            send(post("/v1/track", deflate(track(visitor, "raw deflate"), true))
                    .header("Content-Encoding", "deflate")
                    .header("Authorization", IngestClient.basic(IngestApp.WRITE_KEY)))
                .statusCode())
        .isEqualTo(200);
    // the key in a single event's body
    String withKey =
        track(visitor, "key in body")
            .replaceFirst("\\{", "{\"writeKey\": \"" + IngestApp.WRITE_KEY + "\", ");
    assertThat(send(post("/v1/track", withKey.getBytes(StandardCharsets.UTF_8))).statusCode())
        .isEqualTo(200);

    assertThat(values(Topics.WEB_EVENTS, visitor, 4))
        .extracting(e -> e.getProperties().get("note"))
        .containsExactlyInAnyOrder(
            "\"gzip batch\"", "\"zlib\"", "\"raw deflate\"", "\"key in body\"");
  }

  @Test
  void aKeyInTheBodyIsTrustedExactlyAsTheSameKeyInTheHeader() {
    String visitor = "anon-" + UUID.randomUUID();
    String order =
        """
        {"writeKey": "%s", "anonymousId": "%s", "event": "Order Completed",
         "properties": {"order_id": "o-1", "revenue": 99.5}}""";

    HttpResponse<String> fromBrowserKey =
        send(post("/v1/track", utf8(order.formatted(IngestApp.BROWSER_WRITE_KEY, visitor))));
    HttpResponse<String> unknownKey =
        send(post("/v1/track", utf8(order.formatted("no-such-key-at-all", visitor))));
    HttpResponse<String> noKey = send(post("/v1/track", utf8(track(visitor, "no key"))));
    HttpResponse<String> fromServerKey =
        send(post("/v1/track", utf8(order.formatted(IngestApp.WRITE_KEY, visitor))));

    assertThat(fromBrowserKey.statusCode()).isEqualTo(403);
    assertThat(IngestClient.json(fromBrowserKey).get("type").asText())
        .endsWith("/untrusted-source");
    assertThat(unknownKey.statusCode()).isEqualTo(401);
    assertThat(unknownKey.body()).doesNotContain("no-such-key-at-all");
    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(noKey.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"leadpipe\"");
    assertThat(fromServerKey.statusCode()).isEqualTo(200);
    // The refused event is dead-lettered without the key it carried.
    DeadLetter refused = values(Topics.DEAD_LETTERS, visitor, 1).get(0);
    assertThat(StandardCharsets.UTF_8.decode(refused.getOriginalValue().duplicate()).toString())
        .contains("Order Completed")
        .doesNotContain(IngestApp.BROWSER_WRITE_KEY);
    WebEvent purchase = values(Topics.WEB_EVENTS, visitor, 1).get(0);
    assertThat(purchase.getType()).isEqualTo(WebEventType.PURCHASE);
    assertThat(purchase.getSource()).isEqualTo(IngestApp.SOURCE);
    assertThat(purchase.getOrder().getRevenue()).isEqualTo(99.5);
  }

  @Test
  void everyEventOfTheEcommerceSpecLandsWithItsKind() {
    String visitor = "anon-" + UUID.randomUUID();
    String events =
        EcommerceSpec.EVENTS.keySet().stream()
            .map(
                name ->
                    """
                    {"type": "track", "anonymousId": "%s", "event": "%s",
                     "properties": {"order_id": "o-7", "total": 30.0, "product_id": "tent", "price": 30.0,
                                    "promotion_id": "promo-1", "creative": "banner", "wishlist_id": "w-1",
                                    "share_via": "email", "review_body": "Great", "rating": 5}}"""
                        .formatted(visitor, name))
            .collect(Collectors.joining(",\n"));

    HttpResponse<String> response =
        app.client().post("/v1/batch", "{\"batch\": [" + events + "]}", IngestApp.WRITE_KEY);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(IngestClient.json(response).get("accepted").asInt()).isEqualTo(28);
    Map<String, WebEvent> byName =
        values(Topics.WEB_EVENTS, visitor, 28).stream()
            .collect(Collectors.toMap(WebEvent::getName, Function.identity()));
    assertThat(byName).hasSize(28);
    EcommerceSpec.EVENTS.forEach(
        (name, type) -> assertThat(byName.get(name).getType()).as(name).isEqualTo(type));
    assertThat(byName.get("Promotion Viewed").getPromotion().getPromotionId()).isEqualTo("promo-1");
    assertThat(byName.get("Product Added to Wishlist").getWishlistId()).isEqualTo("w-1");
    assertThat(byName.get("Order Cancelled").getOrder().getOrderId()).isEqualTo("o-7");
    assertThat(byName.get("Product Reviewed").getProperties()).containsEntry("rating", "5");
  }

  @Test
  void bodiesTooLargeOnceDecompressedAre413AndTheServiceStaysHealthy() {
    // 64 MB of JSON whitespace compress to ~64 KB: read whole, it would exhaust the heap.
    byte[] bomb = gzip(new byte[64 * 1024 * 1024], (byte) ' ');
    byte[] bigEvent = gzip(utf8(track("anon-big", "x".repeat(40_000))));
    byte[] plainOversize = new byte[600_000];
    Arrays.fill(plainOversize, (byte) ' ');

    HttpResponse<String> batchBomb =
        send(authorized(post("/v1/batch", bomb)).header("Content-Encoding", "gzip"));
    HttpResponse<String> eventBomb =
        send(authorized(post("/v1/track", bigEvent)).header("Content-Encoding", "gzip"));
    HttpResponse<String> plain = send(authorized(post("/v1/batch", plainOversize)));
    // Decoded by ingest itself (Netty's decompressor is off), so a broken stream is ingest's 400.
    HttpResponse<String> corrupt =
        send(
            authorized(post("/v1/track", utf8(track("anon-x", "not gzip"))))
                .header("Content-Encoding", "gzip"));

    assertThat(batchBomb.statusCode()).isEqualTo(413);
    assertThat(IngestClient.json(batchBomb).get("type").asText()).endsWith("/batch-too-large");
    assertThat(batchBomb.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(eventBomb.statusCode()).isEqualTo(413);
    assertThat(IngestClient.json(eventBomb).get("type").asText()).endsWith("/event-too-large");
    assertThat(plain.statusCode()).isEqualTo(413);
    assertThat(corrupt.statusCode()).isEqualTo(400);
    assertThat(IngestClient.json(corrupt).get("detail").asText())
        .isEqualTo("The body is not valid gzip data");
    assertThat(app.client().get("/health").statusCode()).isEqualTo(200);
    String visitor = "anon-" + UUID.randomUUID();
    assertThat(
            send(authorized(post("/v1/track", gzip(utf8(track(visitor, "after")))))
                    .header("Content-Encoding", "gzip"))
                .statusCode())
        .isEqualTo(200);
    assertThat(values(Topics.WEB_EVENTS, visitor, 1)).hasSize(1);
  }

  private static String track(String visitor, String note) {
    return """
        {"type": "track", "anonymousId": "%s", "event": "Product Viewed", "messageId": "%s",
         "properties": {"note": "%s"}}"""
        .formatted(visitor, UUID.randomUUID(), note);
  }

  private static HttpRequest.Builder post(String path, byte[] body) {
    return HttpRequest.newBuilder(app.client().uri(path))
        .timeout(WAIT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private static HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return request.header("Authorization", IngestClient.basic(IngestApp.WRITE_KEY));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    return app.client().send(request.build());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] data, byte fill) {
    Arrays.fill(data, fill);
    return gzip(data);
  }

  private static byte[] deflate(String text, boolean raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream d =
        new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
      d.write(utf8(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static <V extends SpecificRecord> List<V> values(Topic<V> topic, String key, int count) {
    List<ConsumerRecord<String, V>> records =
        env.consumeUntil(
            topic.name(),
            IngestApp.keys(),
            app.deserializer(topic),
            rs -> rs.stream().filter(r -> key.equals(r.key())).count() >= count,
            WAIT);
    List<V> values =
        records.stream().filter(r -> key.equals(r.key())).map(ConsumerRecord::value).toList();
    assertThat(values).as("records of %s on %s", key, topic.name()).hasSize(count);
    return values;
  }
}
