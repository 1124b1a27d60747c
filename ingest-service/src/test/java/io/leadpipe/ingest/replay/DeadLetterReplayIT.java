package io.leadpipe.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.ingest.testing.IngestApp;
import io.leadpipe.ingest.testing.IngestClient;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.deadletter.DeadLetterReplay;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.service.security.AdminKeyCheck;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Given a shop back end whose source was configured as a browser source, so its purchases were
 * refused and dead-lettered (untrusted-source), and an event that is invalid whatever the
 * configuration; when the operator fixes the source's kind and replays: the purchase lands on
 * leadpipe.web-events exactly once (a second replay skips it), the invalid event is reported again
 * without a second dead letter, a dry run changes nothing, and the admin API is closed without the
 * admin key.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class DeadLetterReplayIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ADMIN_KEY = "it-admin-key-0123456789";
  private static final String BACKEND = "it-backend";
  private static final String BACKEND_KEY = "it-backend-write-key";

  private static KafkaTestEnvironment env;

  /** The back end's source as it should be: a server source. */
  private static IngestApp fixed;

  @BeforeAll
  static void start(KafkaTestEnvironment environment) {
    env = environment;
    fixed = app("server");
  }

  @AfterAll
  static void stop() {
    fixed.close();
  }

  @Test
  void aFixedSourceKindRecoversRefusedPurchasesExactlyOnceAndReportsWhatIsStillInvalid() {
    Instant start = Instant.now();
    String buyer = "buyer-" + UUID.randomUUID();
    String other = "other-" + UUID.randomUUID();
    String purchaseId = "purchase-" + buyer;
    String batch =
        """
        {"sentAt": "%s", "context": {"library": {"name": "shop-backend", "version": "2.1"}},
         "batch": [
          {"type": "track", "event": "Order Completed", "anonymousId": "%s", "messageId": "%s",
           "properties": {"order_id": "o-9", "revenue": 120.0, "currency": "EUR"}},
          {"type": "track", "event": "Product Viewed", "anonymousId": "%s", "timestamp": "yesterday",
           "properties": {"product_id": "sku-1"}}]}"""
            .formatted(start, buyer, purchaseId, other);

    // Given: the back end's source is (wrongly) a browser source.
    try (IngestApp misconfigured = app("browser")) {
      HttpResponse<String> posted = misconfigured.client().post("/v1/batch", batch, BACKEND_KEY);
      assertThat(posted.statusCode()).isIn(400, 403);
      await()
          .atMost(WAIT)
          .until(() -> deadLetters(buyer).size() == 1 && deadLetters(other).size() == 1);

      // The admin API is closed without the admin key, and to a wrong one.
      assertThat(admin(misconfigured, "GET", "/admin/dead-letters", null, null).statusCode())
          .isEqualTo(401);
      HttpResponse<String> wrong =
          admin(misconfigured, "GET", "/admin/dead-letters", null, "not-the-admin-key-000");
      assertThat(wrong.statusCode()).isEqualTo(403);
      assertThat(wrong.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
    ConsumerRecord<String, DeadLetter> refused = deadLetters(buyer).get(0);
    assertThat(refused.value().getReason()).isEqualTo("untrusted-source");
    assertThat(refused.value().getDetails())
        .containsEntry("sourceName", BACKEND)
        .doesNotContainValue(BACKEND_KEY);
    String refusedId = refused.partition() + "/" + refused.offset();
    String stillInvalidId =
        deadLetters(other).get(0).partition() + "/" + deadLetters(other).get(0).offset();
    String selection =
        "{\"source\": \"" + BACKEND + "\", \"since\": \"" + start.minusSeconds(1) + "\"";

    // When: the source is fixed (a server source) and the operator first tries a dry run.
    JsonNode dry = replay(fixed, selection + ", \"dryRun\": true}");
    assertThat(dry.get("dryRun").asBoolean()).isTrue();
    assertThat(outcome(dry, refusedId).get("outcome").asText()).isEqualTo("WOULD_REPLAY");
    assertThat(outcome(dry, refusedId).get("messageId").asText()).isEqualTo(purchaseId);
    JsonNode invalid = outcome(dry, stillInvalidId);
    assertThat(invalid.get("outcome").asText()).isEqualTo("REJECTED_AGAIN");
    assertThat(invalid.get("violations").findValuesAsText("field")).containsExactly("timestamp");
    assertThat(purchases(purchaseId)).isEmpty();
    assertThat(ledger(refusedId)).isEmpty();

    // Then the replay publishes the purchase once, as the source sent it then.
    JsonNode first = replay(fixed, selection + "}");
    assertThat(outcome(first, refusedId).get("outcome").asText()).isEqualTo("REPLAYED");
    assertThat(outcome(first, refusedId).get("topic").asText()).isEqualTo(Topics.WEB_EVENTS.name());
    assertThat(outcome(first, stillInvalidId).get("outcome").asText()).isEqualTo("REJECTED_AGAIN");
    List<WebEvent> replayed = purchases(purchaseId);
    assertThat(replayed).hasSize(1);
    WebEvent purchase = replayed.get(0);
    assertThat(purchase.getType()).isEqualTo(WebEventType.PURCHASE);
    assertThat(purchase.getSource()).isEqualTo(BACKEND);
    assertThat(purchase.getReceivedAt()).isEqualTo(refused.value().getFailedAt());
    assertThat(purchase.getContext().getLibrary()).isEqualTo("shop-backend/2.1");
    assertThat(ledger(refusedId)).hasSize(1);

    // A second replay of the same selection sends nothing again and adds no dead letter.
    JsonNode second = replay(fixed, selection + "}");
    JsonNode skipped = outcome(second, refusedId);
    assertThat(skipped.get("outcome").asText()).isEqualTo("SKIPPED");
    assertThat(skipped.get("why").asText()).startsWith("already replayed at");
    assertThat(outcome(second, stillInvalidId).get("outcome").asText()).isEqualTo("REJECTED_AGAIN");
    assertThat(purchases(purchaseId)).hasSize(1);
    assertThat(deadLetters(other)).hasSize(1);

    // The listing counts by source and reason, pages with a cursor and shows the replay.
    JsonNode page =
        IngestClient.json(
            admin(
                fixed,
                "GET",
                "/admin/dead-letters?source=" + BACKEND + "&limit=1&since=" + start.minusSeconds(1),
                null,
                ADMIN_KEY));
    assertThat(page.get("matching").asInt()).isEqualTo(2);
    assertThat(page.get("counts").get(BACKEND).get("untrusted-source").asInt()).isEqualTo(1);
    assertThat(page.get("counts").get(BACKEND).get("invalid-event").asInt()).isEqualTo(1);
    assertThat(page.get("deadLetters")).hasSize(1);
    assertThat(page.get("deadLetters").get(0).has("payload")).isFalse();
    JsonNode rest =
        IngestClient.json(
            admin(
                fixed,
                "GET",
                "/admin/dead-letters?source="
                    + BACKEND
                    + "&since="
                    + start.minusSeconds(1)
                    + "&payload=true&after="
                    + page.get("next").asText(),
                null,
                ADMIN_KEY));
    assertThat(rest.has("next")).isFalse();
    List<String> listed =
        List.of(
            page.get("deadLetters").get(0).get("deadLetter").asText(),
            rest.get("deadLetters").get(0).get("deadLetter").asText());
    assertThat(listed).containsExactlyInAnyOrder(refusedId, stillInvalidId);
    JsonNode shown =
        refusedId.equals(listed.get(0))
            ? page.get("deadLetters").get(0)
            : rest.get("deadLetters").get(0);
    assertThat(shown.get("replayedAt").isTextual() || shown.get("replayedAt").isNumber()).isTrue();
  }

  @Test
  void aStreamsApplicationsRecordGoesBackToItsTopicWithItsKeyOnce() {
    // Given: an event scoring-stream failed to process, dead-lettered with its bytes.
    String visitor = "visitor-" + UUID.randomUUID();
    String view =
        """
        {"type": "track", "event": "Product Viewed", "anonymousId": "%s", "messageId": "view-%s",
         "properties": {"product_id": "sku-1"}}"""
            .formatted(visitor, visitor);
    assertThat(fixed.client().post("/v1/track", view, BACKEND_KEY).statusCode()).isEqualTo(200);
    byte[] original = rawWebEvents(visitor).get(0).value();
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setApplication("scoring-stream")
            .setSource(Topics.WEB_EVENTS.name())
            .setTopic(Topics.WEB_EVENTS.name())
            .setPartition(0)
            .setOffset(7L)
            .setReason("processing-failed")
            .setErrorMessage("a state store was unavailable")
            .setFailedAt(Instant.now())
            .setOriginalValue(ByteBuffer.wrap(original))
            .build();
    String id;
    try (KafkaProducer<String, DeadLetter> producer =
        env.producer(
            new StringSerializer(),
            Topics.DEAD_LETTERS.valueSerde(env.registryConfig()).serializer())) {
      RecordMetadata written =
          producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), visitor, letter)).get();
      id = written.partition() + "/" + written.offset();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }

    // When it is replayed twice by its id (with one id that names nothing).
    String request = "{\"deadLetters\": [\"" + id + "\", \"0/999999999\"]}";
    JsonNode first = replay(fixed, request);
    JsonNode second = replay(fixed, request);

    // Then the same bytes are on the topic once more under the same key, once.
    assertThat(outcome(first, id).get("outcome").asText()).isEqualTo("REPLAYED");
    assertThat(first.get("notFound").get(0).asText()).isEqualTo("0/999999999");
    assertThat(outcome(second, id).get("outcome").asText()).isEqualTo("SKIPPED");
    List<ConsumerRecord<String, byte[]>> copies = rawWebEvents(visitor);
    assertThat(copies).hasSize(2);
    assertThat(copies.get(1).value()).isEqualTo(original);
  }

  @Test
  void badRequestsAreProblemsListingEachViolation() {
    HttpResponse<String> response =
        admin(
            fixed,
            "POST",
            "/admin/dead-letters/replay",
            "{\"since\": \"yesterday\", \"dryrun\": true, \"deadLetters\": [\"x\"]}",
            ADMIN_KEY);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(IngestClient.json(response).get("violations").findValuesAsText("field"))
        .containsExactlyInAnyOrder("since", "dryrun", "deadLetters[0]");
    HttpResponse<String> nothing =
        admin(fixed, "POST", "/admin/dead-letters/replay", "{\"dryRun\": true}", ADMIN_KEY);
    assertThat(nothing.statusCode()).isEqualTo(400);
    HttpResponse<String> badPage =
        admin(fixed, "GET", "/admin/dead-letters?limit=0&after=zero", null, ADMIN_KEY);
    assertThat(IngestClient.json(badPage).get("violations").findValuesAsText("field"))
        .containsExactlyInAnyOrder("limit", "after");
  }

  private static IngestApp app(String backendKind) {
    IngestApp app =
        IngestApp.start(
            env,
            Map.of(
                "leadpipe.security.admin-keys",
                ADMIN_KEY,
                "leadpipe.ingest.sources." + BACKEND + ".write-key",
                BACKEND_KEY,
                "leadpipe.ingest.sources." + BACKEND + ".kind",
                backendKind));
    await().atMost(WAIT).until(() -> app.client().get("/health/readiness").statusCode() == 200);
    return app;
  }

  private static JsonNode replay(IngestApp app, String body) {
    HttpResponse<String> response =
        admin(fixed, "POST", "/admin/dead-letters/replay", body, ADMIN_KEY);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return IngestClient.json(response);
  }

  private static JsonNode outcome(JsonNode report, String deadLetter) {
    for (JsonNode r : report.get("results")) {
      if (deadLetter.equals(r.get("deadLetter").asText())) {
        return r;
      }
    }
    throw new AssertionError("no outcome for " + deadLetter + " in " + report);
  }

  private static HttpResponse<String> admin(
      IngestApp app, String method, String path, String body, String key) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(app.client().uri(path))
            .timeout(WAIT)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header(AdminKeyCheck.ADMIN_KEY_HEADER, key);
    }
    return app.client().send(request.build());
  }

  private static List<ConsumerRecord<String, DeadLetter>> deadLetters(String key) {
    return env
        .consumeToEnd(
            Topics.DEAD_LETTERS.name(),
            IngestApp.keys(),
            Topics.DEAD_LETTERS.valueSerde(env.registryConfig()).deserializer(),
            WAIT)
        .stream()
        .filter(r -> key.equals(r.key()))
        .toList();
  }

  private static List<WebEvent> purchases(String messageId) {
    return env
        .consumeToEnd(
            Topics.WEB_EVENTS.name(),
            IngestApp.keys(),
            Topics.WEB_EVENTS.valueSerde(env.registryConfig()).deserializer(),
            WAIT)
        .stream()
        .map(ConsumerRecord::value)
        .filter(e -> messageId.equals(e.getMessageId()))
        .toList();
  }

  private static List<DeadLetterReplay> ledger(String deadLetter) {
    return env
        .consumeToEnd(
            Topics.DEAD_LETTER_REPLAYS.name(),
            IngestApp.keys(),
            Topics.DEAD_LETTER_REPLAYS.valueSerde(env.registryConfig()).deserializer(),
            WAIT)
        .stream()
        .filter(r -> deadLetter.equals(r.key()))
        .map(ConsumerRecord::value)
        .toList();
  }

  private static List<ConsumerRecord<String, byte[]>> rawWebEvents(String visitor) {
    return env
        .consumeToEnd(Topics.WEB_EVENTS.name(), IngestApp.keys(), new ByteArrayDeserializer(), WAIT)
        .stream()
        .filter(r -> visitor.equals(r.key()))
        .toList();
  }
}
