package io.leadpipe.scoring.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.testing.ScoringApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The identity and privacy admin API of the running service: merge lookup and undo, export, erase.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class AdminPrivacyIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  void anOperatorUndoesAMergeExportsThePersonAndErasesThem(KafkaTestEnvironment env)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String anonymous = "anon-" + run;
    String user = "user-" + run;
    try (ScoringApp app = ScoringApp.start(env, "privacy-it-" + run, Map.of()).awaitReady();
        var web =
            env.producer(
                new StringSerializer(),
                Topics.WEB_EVENTS.valueSerde(env.registryConfig()).serializer());
        var identities =
            env.producer(
                new StringSerializer(),
                Topics.IDENTITIES.valueSerde(env.registryConfig()).serializer())) {
      // Given a visitor who browsed anonymously and then logged in
      Instant now = Instant.now();
      web.send(
              new ProducerRecord<>(
                  Topics.WEB_EVENTS.name(),
                  anonymous,
                  WebEvent.newBuilder()
                      .setMessageId("w-" + run)
                      .setAnonymousId(anonymous)
                      .setEventTime(now)
                      .setReceivedAt(now)
                      .setSource("it")
                      .setContext(EventContext.newBuilder().build())
                      .setType(WebEventType.PRODUCT_VIEW)
                      .setName("Product Viewed")
                      .build()))
          .get();
      identities
          .send(
              new ProducerRecord<>(
                  Topics.IDENTITIES.name(),
                  user,
                  IdentityEvent.newBuilder()
                      .setMessageId("i-" + run)
                      .setKind(IdentityKind.IDENTIFY)
                      .setAnonymousId(anonymous)
                      .setUserId(user)
                      .setEventTime(now.plusSeconds(1))
                      .setReceivedAt(now)
                      .setSource("it")
                      .setTraits(Traits.newBuilder().build())
                      .build()))
          .get();
      String mergeId =
          env
              .consumeUntil(
                  Topics.IDENTITY_MERGES.name(),
                  Topics.IDENTITY_MERGES.keySerde().deserializer(),
                  Topics.IDENTITY_MERGES.valueSerde(env.registryConfig()).deserializer(),
                  records ->
                      records.stream()
                          .anyMatch(
                              r -> r.value() != null && user.equals(r.value().getCanonicalId())),
                  TIMEOUT)
              .stream()
              .filter(r -> r.value() != null && user.equals(r.value().getCanonicalId()))
              .findFirst()
              .orElseThrow()
              .key();

      // Then the admin API needs the admin key, and shows the merge
      assertThat(
              app.send(
                      HttpRequest.newBuilder(
                              app.uri("/admin/identities/merges/" + mergeId + "/undo"))
                          .POST(HttpRequest.BodyPublishers.noBody()))
                  .statusCode())
          .isEqualTo(401);
      await("merge visible")
          .atMost(TIMEOUT)
          .until(
              () -> admin(app, "GET", "/admin/identities/merges/" + mergeId).statusCode() == 200);
      assertThat(admin(app, "GET", "/admin/identities/merges/nope").statusCode()).isEqualTo(404);

      // When the operator undoes it, the record turns UNDONE and a second undo is a conflict
      HttpResponse<String> undo =
          admin(app, "POST", "/admin/identities/merges/" + mergeId + "/undo");
      assertThat(undo.statusCode()).isEqualTo(202);
      await("undone")
          .atMost(TIMEOUT)
          .until(
              () ->
                  JSON.readTree(admin(app, "GET", "/admin/identities/merges/" + mergeId).body())
                      .path("status")
                      .asText()
                      .equals("UNDONE"));
      assertThat(admin(app, "POST", "/admin/identities/merges/" + mergeId + "/undo").statusCode())
          .isEqualTo(409);

      // When the person is exported by the anonymous id, their own profile (published again once
      // the undo
      // reached its partition) and the undone merge are in it
      await("own profile back")
          .atMost(TIMEOUT)
          .until(
              () ->
                  JSON.readTree(admin(app, "GET", "/admin/privacy/export/" + anonymous).body())
                          .path("profile")
                          .path("activity")
                          .path("productViews")
                          .asInt()
                      == 1);
      HttpResponse<String> export = admin(app, "GET", "/admin/privacy/export/" + anonymous);
      assertThat(export.statusCode()).isEqualTo(200);
      JsonNode exported = JSON.readTree(export.body());
      assertThat(exported.path("canonicalId").asText()).isEqualTo(anonymous);
      assertThat(exported.path("profile").path("activity").path("productViews").asInt())
          .isEqualTo(1);
      assertThat(exported.path("merges").get(0).path("status").asText()).isEqualTo("UNDONE");

      // When the person is erased, the export finds nothing any more
      HttpResponse<String> erase = admin(app, "POST", "/admin/privacy/erase/" + anonymous);
      assertThat(erase.statusCode()).isEqualTo(202);
      assertThat(JSON.readTree(erase.body()).path("requestId").asText()).startsWith("erase-");
      await("erased")
          .atMost(TIMEOUT)
          .until(
              () ->
                  JSON.readTree(admin(app, "GET", "/admin/privacy/export/" + anonymous).body())
                      .path("profile")
                      .isNull());
    }
  }

  private static HttpResponse<String> admin(ScoringApp app, String method, String path) {
    return app.send(
        HttpRequest.newBuilder(app.uri(path))
            .header("Authorization", "Bearer " + ScoringApp.ADMIN_KEY)
            .header("X-Operator", "it-operator")
            .method(method, HttpRequest.BodyPublishers.noBody()));
  }
}
