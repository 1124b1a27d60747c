package io.leadpipe.ingest.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.ingest.testing.IngestApp;
import io.leadpipe.ingest.testing.IngestClient;
import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.social.SocialKind;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Given the ingest service on the in-process broker, when each kind of call is posted, then the
 * right Avro record lands on the right topic with the visitor's id as key — and a mixed batch
 * accepts its good events, reports the bad ones by index and dead-letters them.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class TrackingApiIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String CHROME_UA =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
          + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
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
  void trackProductViewedLandsAsWebEventKeyedByAnonymousId() {
    String visitor = "anon-" + UUID.randomUUID();
    Instant sentAt = Instant.now().minus(Duration.ofHours(1));
    Instant timestamp = sentAt.minusSeconds(10);
    String body =
        """
        {"type": "track", "event": "Product Viewed", "anonymousId": "%s", "messageId": "msg-%s",
         "timestamp": "%s", "sentAt": "%s",
         "properties": {"product_id": "sku-1", "name": "Trail Tent", "category": "tents", "price": 249.0,
                        "currency": "EUR", "color": "green"},
         "context": {"userAgent": "%s", "ip": "203.0.113.77", "locale": "de-DE", "timezone": "Europe/Berlin",
                     "library": {"name": "leadpipe.js", "version": "1.0.0"},
                     "page": {"url": "https://shop.example/p/tent?utm_source=insta&utm_campaign=spring&ref=friend-7",
                              "path": "/p/tent", "title": "Trail Tent"}}}"""
            .formatted(visitor, visitor, timestamp, sentAt, CHROME_UA);

    HttpResponse<String> response = app.client().post("/v1/track", body, IngestApp.WRITE_KEY);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(IngestClient.json(response).get("success").asBoolean()).isTrue();
    ConsumerRecord<String, WebEvent> record = consumeKey(Topics.WEB_EVENTS, visitor);
    WebEvent event = record.value();
    assertThat(event.getMessageId()).isEqualTo("msg-" + visitor);
    assertThat(event.getType()).isEqualTo(WebEventType.PRODUCT_VIEW);
    assertThat(event.getName()).isEqualTo("Product Viewed");
    assertThat(event.getSource()).isEqualTo(IngestApp.SOURCE);
    assertThat(event.getProduct().getProductId()).isEqualTo("sku-1");
    assertThat(event.getProduct().getPrice()).isEqualTo(249.0);
    assertThat(event.getProperties())
        .containsEntry("color", "\"green\"")
        .containsEntry("currency", "\"EUR\"");
    // Skew: the client clock is an hour behind; the event happened 10 s before it was sent.
    assertThat(Duration.between(event.getEventTime(), event.getReceivedAt()))
        .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(12));
    assertThat(event.getContext().getIp()).isEqualTo("203.0.113.0");
    assertThat(event.getContext().getDevice().getBrowser()).isEqualTo("Chrome");
    assertThat(event.getContext().getDevice().getDeviceClass()).isEqualTo("Desktop");
    assertThat(event.getContext().getUtm().getSource()).isEqualTo("insta");
    assertThat(event.getContext().getUtm().getCampaign()).isEqualTo("spring");
    assertThat(event.getContext().getLibrary()).isEqualTo("leadpipe.js/1.0.0");
    assertThat(event.getReferralCode()).isEqualTo("friend-7");
  }

  @Test
  void pageLandsAsPageViewAndAKnownUserIsKeyedByUserId() {
    String user = "user-" + UUID.randomUUID();
    String body =
        """
        {"anonymousId": "anon-x", "userId": "%s", "name": "Home",
         "properties": {"url": "https://shop.example/?ref=abc", "path": "/", "title": "Welcome"}}"""
            .formatted(user);

    HttpResponse<String> response = app.client().post("/v1/page", body, IngestApp.WRITE_KEY);

    assertThat(response.statusCode()).isEqualTo(200);
    WebEvent event = consumeKey(Topics.WEB_EVENTS, user).value();
    assertThat(event.getType()).isEqualTo(WebEventType.PAGE_VIEW);
    assertThat(event.getName()).isEqualTo("page");
    assertThat(event.getContext().getPageTitle()).isEqualTo("Welcome");
    assertThat(event.getReferralCode()).isEqualTo("abc");
    assertThat(event.getProperties()).containsEntry("name", "\"Home\"");
    // Generated when the client sent none.
    assertThat(event.getMessageId()).startsWith("lp-");
  }

  @Test
  void identifyLandsOnIdentitiesWithTraits() {
    String user = "user-" + UUID.randomUUID();
    String body =
        """
        {"userId": "%s", "anonymousId": "anon-y",
         "traits": {"email": "ana@example.com", "firstName": "Ana", "age": 34, "incomeBand": "middle",
                    "address": {"city": "Graz", "country": "AT"}, "interests": ["hiking"],
                    "socialHandles": {"Instagram": "@ana"}, "consent": {"email": "granted"},
                    "favouriteColour": "teal"}}"""
            .formatted(user);

    assertThat(app.client().post("/v1/identify", body, IngestApp.WRITE_KEY).statusCode())
        .isEqualTo(200);

    IdentityEvent event = consumeKey(Topics.IDENTITIES, user).value();
    assertThat(event.getKind()).isEqualTo(IdentityKind.IDENTIFY);
    assertThat(event.getTraits().getEmail()).isEqualTo("ana@example.com");
    assertThat(event.getTraits().getCity()).isEqualTo("Graz");
    assertThat(event.getTraits().getCountry()).isEqualTo("AT");
    assertThat(event.getTraits().getInterests()).containsExactly("hiking");
    assertThat(event.getTraits().getSocialHandles()).containsEntry("instagram", "@ana");
    assertThat(event.getTraits().getConsent().get("email").getStatus())
        .isEqualTo(ConsentStatus.GRANTED);
    assertThat(event.getTraits().getCustom()).containsEntry("favouriteColour", "\"teal\"");
  }

  @Test
  void aliasLandsOnIdentitiesKeyedByTheUserId() {
    String user = "user-" + UUID.randomUUID();
    String body = "{\"userId\": \"%s\", \"previousId\": \"anon-old\"}".formatted(user);

    assertThat(app.client().post("/v1/alias", body, IngestApp.WRITE_KEY).statusCode())
        .isEqualTo(200);

    IdentityEvent event = consumeKey(Topics.IDENTITIES, user).value();
    assertThat(event.getKind()).isEqualTo(IdentityKind.ALIAS);
    assertThat(event.getPreviousId()).isEqualTo("anon-old");
  }

  @Test
  void aSocialInteractionAndASocialBatchLandOnSocialEvents() {
    String visitor = "anon-" + UUID.randomUUID();
    String one =
        """
        {"anonymousId": "%s", "network": "Instagram", "kind": "share", "actorHandle": "@v",
         "followerCount": 12000, "productId": "sku-9", "referralCode": "ref-v"}"""
            .formatted(visitor);
    String batch =
        """
        {"batch": [{"anonymousId": "%s", "network": "tiktok", "kind": "referral_click", "referralCode": "ref-v"},
                   {"anonymousId": "%s", "network": "x", "kind": "retweet"}]}"""
            .formatted(visitor, visitor);

    assertThat(app.client().post("/v1/social", one, IngestApp.WRITE_KEY).statusCode())
        .isEqualTo(200);
    HttpResponse<String> batched = app.client().post("/v1/social", batch, IngestApp.WRITE_KEY);
    assertThat(batched.statusCode()).isEqualTo(200);
    assertThat(IngestClient.json(batched).get("accepted").asInt()).isEqualTo(2);

    List<SocialEvent> events =
        consumeAll(Topics.SOCIAL_EVENTS, visitor, 3).stream().map(ConsumerRecord::value).toList();
    assertThat(events)
        .extracting(SocialEvent::getKind)
        .containsExactly(SocialKind.SHARE, SocialKind.REFERRAL_CLICK, SocialKind.OTHER);
    assertThat(events.get(0).getNetwork()).isEqualTo("instagram");
    assertThat(events.get(0).getFollowerCount()).isEqualTo(12000L);
  }

  @Test
  void aMixedBatchAcceptsTheGoodEventsReportsTheBadOnesAndDeadLettersThem() {
    String visitor = "anon-" + UUID.randomUUID();
    String user = "user-" + UUID.randomUUID();
    String bad1 = "bad1-" + UUID.randomUUID();
    String body =
        """
        {"sentAt": "%s", "context": {"locale": "en-GB"},
         "batch": [
          {"type": "page", "anonymousId": "%s", "properties": {"url": "https://shop.example/"}},
          {"type": "track", "messageId": "%s", "event": "Product Added", "anonymousId": "%s",
           "properties": {"product_id": "p1", "price": "free"}},
          {"type": "track", "anonymousId": "%s", "event": "Order Completed",
           "properties": {"order_id": "o1", "revenue": 99.5, "currency": "EUR",
                          "products": [{"product_id": "p1", "price": 99.5, "quantity": 1}]}},
          {"type": "identify", "userId": "%s", "traits": {"firstName": "Bo"}},
          {"type": "video", "anonymousId": "%s"},
          {"type": "track", "anonymousId": "%s", "event": "Feedback Submitted",
           "properties": {"statedReason": "price", "question": "Why?"}}
         ]}"""
            .formatted(Instant.now(), visitor, bad1, visitor, visitor, user, visitor, visitor);

    HttpResponse<String> response = app.client().post("/v1/batch", body, IngestApp.WRITE_KEY);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = IngestClient.json(response);
    assertThat(answer.get("accepted").asInt()).isEqualTo(4);
    List<Integer> rejectedIndexes = new ArrayList<>();
    answer.get("rejected").forEach(r -> rejectedIndexes.add(r.get("index").asInt()));
    assertThat(rejectedIndexes).containsExactly(1, 4);
    assertThat(answer.get("rejected").get(0).get("messageId").asText()).isEqualTo(bad1);
    assertThat(answer.get("rejected").get(0).get("violations").get(0).get("field").asText())
        .isEqualTo("properties.price");

    List<WebEvent> web =
        consumeAll(Topics.WEB_EVENTS, visitor, 3).stream().map(ConsumerRecord::value).toList();
    assertThat(web)
        .extracting(WebEvent::getType)
        .containsExactly(
            WebEventType.PAGE_VIEW, WebEventType.PURCHASE, WebEventType.FEEDBACK_ANSWER);
    assertThat(web.get(0).getContext().getLocale()).isEqualTo("en-GB");
    assertThat(web.get(1).getOrder().getRevenue()).isEqualTo(99.5);
    assertThat(web.get(1).getItems()).hasSize(1);
    assertThat(web.get(2).getFeedback().getStatedReason()).isEqualTo(HesitationReason.PRICE);
    assertThat(consumeKey(Topics.IDENTITIES, user).value().getTraits().getFirstName())
        .isEqualTo("Bo");

    List<DeadLetter> letters =
        consumeAll(Topics.DEAD_LETTERS, visitor, 2).stream().map(ConsumerRecord::value).toList();
    assertThat(letters).extracting(DeadLetter::getReason).containsOnly("invalid-event");
    assertThat(letters).extracting(DeadLetter::getApplication).containsOnly("ingest-service");
    Map<String, DeadLetter> byIndex =
        letters.stream()
            .collect(Collectors.toMap(l -> l.getDetails().get("index"), Function.identity()));
    assertThat(byIndex.get("1").getErrorMessage()).contains("properties.price");
    assertThat(StandardCharsets.UTF_8.decode(byIndex.get("1").getOriginalValue()).toString())
        .contains(bad1);
    assertThat(byIndex.get("4").getErrorMessage()).contains("type");
  }

  @Test
  void prometheusCountsAcceptedAndRejectedByTypeAndReasonAndTimesProduceLatency() {
    String visitor = "anon-" + UUID.randomUUID();
    assertThat(
            app.client()
                .post(
                    "/v1/track",
                    "{\"anonymousId\": \"%s\", \"event\": \"X\"}".formatted(visitor),
                    IngestApp.WRITE_KEY)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            app.client().post("/v1/track", "{\"event\": \"X\"}", IngestApp.WRITE_KEY).statusCode())
        .isEqualTo(400);
    assertThat(app.client().post("/v1/track", "{}", "not-a-key").statusCode()).isEqualTo(401);

    String metrics = app.client().get("/prometheus").body();

    assertThat(metrics)
        .containsPattern("leadpipe_ingest_events_accepted_total\\{[^}]*type=\"track\"")
        .containsPattern(
            "leadpipe_ingest_events_rejected_total\\{[^}]*reason=\"invalid-event\",[^}]*type=\"track\"")
        .containsPattern(
            "leadpipe_ingest_events_rejected_total\\{[^}]*reason=\"unauthorized\",[^}]*type=\"request\"")
        .containsPattern(
            "leadpipe_ingest_produce_latency_seconds_count\\{[^}]*topic=\"leadpipe.web-events\"")
        // The producer's own client metrics, so operators see batching, retries and broker latency
        // too.
        .containsPattern("kafka_producer_record_send_total\\{[^}]*client_id=\"leadpipe-ingest\"");
  }

  @Test
  void purchasesRefundsAndFollowerCountsAreStoredFromAServerKeyOnly() {
    String buyer = "anon-" + UUID.randomUUID();
    String purchase =
        """
        {"type": "track", "event": "Order Completed", "anonymousId": "%s", "messageId": "order-%s",
         "properties": {"order_id": "o-1", "revenue": 99.5, "currency": "EUR"}}"""
            .formatted(buyer, buyer);
    String refund =
        """
        {"type": "track", "event": "Order Refunded", "anonymousId": "%s", "messageId": "refund-%s",
         "properties": {"order_id": "o-1", "revenue": 99.5}}"""
            .formatted(buyer, buyer);
    String view =
        """
        {"type": "track", "event": "Product Viewed", "anonymousId": "%s", "messageId": "view-%s",
         "properties": {"product_id": "sku-1"}}"""
            .formatted(buyer, buyer);
    String social =
        """
        {"anonymousId": "%s", "messageId": "social-%s", "network": "instagram", "kind": "follow",
         "followerCount": 10000000000}"""
            .formatted(buyer, buyer);

    HttpResponse<String> forged =
        app.client()
            .post(
                "/v1/batch",
                "{\"batch\": [" + purchase + "," + view + "," + refund + "]}",
                IngestApp.BROWSER_WRITE_KEY);
    HttpResponse<String> forgedFollowers =
        app.client().post("/v1/social", social, IngestApp.BROWSER_WRITE_KEY);
    HttpResponse<String> server =
        app.client()
            .post(
                "/v1/batch", "{\"batch\": [" + purchase + "," + refund + "]}", IngestApp.WRITE_KEY);
    HttpResponse<String> serverFollowers =
        app.client().post("/v1/social", social, IngestApp.WRITE_KEY);

    // From the browser key: the view is kept, the purchase and the refund are reported by index.
    assertThat(forged.statusCode()).isEqualTo(200);
    JsonNode answer = IngestClient.json(forged);
    assertThat(answer.get("accepted").asInt()).isEqualTo(1);
    assertThat(answer.get("rejected").findValuesAsText("index")).containsExactly("0", "2");
    assertThat(answer.get("rejected").findValuesAsText("reason")).containsOnly("untrusted-source");
    assertThat(forgedFollowers.statusCode()).isEqualTo(403);
    assertThat(IngestClient.json(forgedFollowers).get("violations").findValuesAsText("field"))
        .containsExactly("followerCount");
    // From the server key: stored, the follower count capped and marked as declared.
    assertThat(server.statusCode()).isEqualTo(200);
    assertThat(serverFollowers.statusCode()).isEqualTo(200);
    List<WebEvent> web =
        consumeAll(Topics.WEB_EVENTS, buyer, 3).stream().map(ConsumerRecord::value).toList();
    assertThat(web)
        .extracting(e -> e.getType() + "/" + e.getSource())
        .containsExactlyInAnyOrder(
            "PRODUCT_VIEW/" + IngestApp.BROWSER_SOURCE,
            "PURCHASE/" + IngestApp.SOURCE,
            "ORDER_REFUNDED/" + IngestApp.SOURCE);
    SocialEvent follower = consumeKey(Topics.SOCIAL_EVENTS, buyer).value();
    assertThat(follower.getSource()).isEqualTo(IngestApp.SOURCE);
    assertThat(follower.getFollowerCount()).isEqualTo(1_000_000L);
    assertThat(follower.getFollowerCountDeclared()).isTrue();
    assertThat(follower.getFollowerCountCapped()).isTrue();
    // The refused events are dead-lettered with the reason, as other rejected events are.
    List<DeadLetter> letters =
        consumeAll(Topics.DEAD_LETTERS, buyer, 3).stream().map(ConsumerRecord::value).toList();
    assertThat(letters).extracting(DeadLetter::getReason).containsOnly("untrusted-source");
  }

  private static <V extends SpecificRecord> ConsumerRecord<String, V> consumeKey(
      Topic<V> topic, String key) {
    return consumeAll(topic, key, 1).get(0);
  }

  private static <V extends SpecificRecord> List<ConsumerRecord<String, V>> consumeAll(
      Topic<V> topic, String key, int count) {
    List<ConsumerRecord<String, V>> records =
        env.consumeUntil(
            topic.name(),
            IngestApp.keys(),
            app.deserializer(topic),
            rs -> rs.stream().filter(r -> key.equals(r.key())).count() >= count,
            WAIT);
    return records.stream().filter(r -> key.equals(r.key())).toList();
  }
}
