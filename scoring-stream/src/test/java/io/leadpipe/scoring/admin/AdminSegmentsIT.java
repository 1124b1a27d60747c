package io.leadpipe.scoring.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.scoring.segment.DefaultSegments;
import io.leadpipe.scoring.testing.ScoringApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin segments API on the devkit broker: auth, validation, and writes that really land on the
 * topic.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class AdminSegmentsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BEARER = "Bearer " + ScoringApp.ADMIN_KEY;

  /** One app for the tests that do not restart it: each start costs seconds of a loaded build. */
  private static ScoringApp app;

  @BeforeAll
  static void startApp(KafkaTestEnvironment env) {
    app = start(env);
  }

  @AfterAll
  static void stopApp() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void onlyAnAdminKeyOpensTheApiAndNoKeyIsToldApartFromAWrongOne() throws Exception {
    HttpResponse<String> none = app.send(HttpRequest.newBuilder(app.uri("/admin/segments")).GET());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(JSON.readTree(none.body()).get("type").asText()).endsWith("/unauthorized");

    HttpResponse<String> wrong =
        app.send(
            HttpRequest.newBuilder(app.uri("/admin/segments"))
                .header("Authorization", "Bearer not-the-key"));
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(wrong.body()).doesNotContain("not-the-key");
    // The read token of the query API is no admin key.
    assertThat(app.get("/admin/segments").statusCode()).isEqualTo(403);

    HttpResponse<String> header =
        app.send(
            HttpRequest.newBuilder(app.uri("/admin/segments"))
                .header("X-Admin-Key", ScoringApp.ADMIN_KEY));
    assertThat(header.statusCode()).isEqualTo(200);
  }

  @Test
  void createUpdateDeleteRoundTripThroughKafka(KafkaTestEnvironment env) throws Exception {
    String id = "it-" + UUID.randomUUID().toString().substring(0, 8);
    // Given a valid definition
    HttpResponse<String> created =
        post(
            app,
            """
        {"segmentId": "%s", "name": "Big carts", "category": "BEHAVIOURAL",
         "rule": {"attr": "activity.cartAdds", "op": "gte", "value": 3}}"""
                .formatted(id));

    // Then it is created (201, Location), readable, listed, and a second create conflicts
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValue("/admin/segments/" + id);
    JsonNode v1 = JSON.readTree(created.body());
    assertThat(v1.get("version").asInt()).isEqualTo(1);
    assertThat(v1.get("rule").get("op").asText()).isEqualTo("gte");
    assertThat(JSON.readTree(get(app, "/admin/segments/" + id).body()).get("name").asText())
        .isEqualTo("Big carts");
    assertThat(
            JSON.readTree(get(app, "/admin/segments").body())
                .get("segments")
                .findValuesAsText("segmentId"))
        .contains(id);
    assertThat(
            post(
                    app,
                    "{\"segmentId\": \"%s\", \"name\": \"again\", \"rule\": {\"attr\": \"stage\", \"op\": \"exists\"}}"
                        .formatted(id))
                .statusCode())
        .isEqualTo(409);

    // When it is updated, Then the version goes up
    HttpResponse<String> updated =
        app.send(
            admin(app, "/admin/segments/" + id)
                .PUT(
                    body(
                        """
        {"name": "Bigger carts", "rule": {"attr": "activity.cartAdds", "op": "gte", "value": 5}, "enabled": false}""")));
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(JSON.readTree(updated.body()).get("version").asInt()).isEqualTo(2);
    assertThat(JSON.readTree(updated.body()).get("enabled").asBoolean()).isFalse();

    // When it is deleted, Then it is gone, and deleting it again is a 404
    assertThat(app.send(admin(app, "/admin/segments/" + id).DELETE()).statusCode()).isEqualTo(204);
    assertThat(get(app, "/admin/segments/" + id).statusCode()).isEqualTo(404);
    assertThat(app.send(admin(app, "/admin/segments/" + id).DELETE()).statusCode()).isEqualTo(404);
    assertThat(
            app.send(
                    admin(app, "/admin/segments/missing")
                        .PUT(
                            body(
                                "{\"name\": \"n\", \"rule\": {\"attr\": \"stage\", \"op\": \"exists\"}}")))
                .statusCode())
        .isEqualTo(404);

    // And the topic holds exactly what was acknowledged: v1, v2, then the tombstone
    List<ConsumerRecord<String, SegmentDefinition>> records =
        env.consumeUntil(
            Topics.SEGMENT_DEFINITIONS.name(),
            new StringDeserializer(),
            Topics.SEGMENT_DEFINITIONS.valueSerde(env.registryConfig()).deserializer(),
            rs -> rs.stream().anyMatch(r -> r.key().equals(id) && r.value() == null),
            Duration.ofSeconds(30));
    List<ConsumerRecord<String, SegmentDefinition>> mine =
        records.stream().filter(r -> r.key().equals(id)).toList();
    assertThat(mine).hasSize(3);
    assertThat(mine.get(0).value().getVersion()).isEqualTo(1);
    assertThat(mine.get(1).value().getVersion()).isEqualTo(2);
    assertThat(mine.get(1).value().getRule())
        .isEqualTo("{\"attr\":\"activity.cartAdds\",\"op\":\"gte\",\"value\":5}");
    assertThat(mine.get(2).value()).isNull();
  }

  @Test
  void anInvalidRuleIsRejectedWithTheFieldPathAndNothingIsWritten() throws Exception {
    HttpResponse<String> rejected =
        post(
            app,
            """
        {"segmentId": "typo", "name": "Typo",
         "rule": {"all": [{"attr": "engagement.score", "op": "gte", "value": 10},
                          {"attr": "engagment.score", "op": "gte", "value": 10}]}}""");

    assertThat(rejected.statusCode()).isEqualTo(400);
    assertThat(rejected.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = JSON.readTree(rejected.body());
    assertThat(problem.get("type").asText()).endsWith("/invalid-segment");
    assertThat(problem.get("violations").get(0).get("field").asText())
        .isEqualTo("rule.all[1].attr");
    assertThat(get(app, "/admin/segments/typo").statusCode()).isEqualTo(404);

    HttpResponse<String> notJson = post(app, "{\"segmentId\": ");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(notJson.body()).get("type").asText()).endsWith("/invalid-json");
  }

  @Test
  void defaultsAreSeededOnceAndOperatorEditsSurviveARestart(KafkaTestEnvironment env)
      throws Exception {
    try (ScoringApp app = start(env)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(listedIds(app))
                      .containsAll(
                          DefaultSegments.ALL.stream()
                              .map(DefaultSegments.Default::segmentId)
                              .toList()));
      // An operator tightens one default and deletes another.
      assertThat(
              app.send(
                      admin(app, "/admin/segments/hot-prospects")
                          .PUT(
                              body(
                                  """
          {"name": "Very hot prospects", "rule": {"attr": "engagement.score", "op": "gte", "value": 90}}""")))
                  .statusCode())
          .isEqualTo(200);
      assertThat(app.send(admin(app, "/admin/segments/bargain-hunters").DELETE()).statusCode())
          .isEqualTo(204);
    }
    try (ScoringApp restarted = start(env)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> get(restarted, "/admin/segments").statusCode() == 200);
      JsonNode hot = JSON.readTree(get(restarted, "/admin/segments/hot-prospects").body());
      assertThat(hot.get("name").asText()).isEqualTo("Very hot prospects");
      assertThat(hot.get("version").asInt()).isEqualTo(2);
      assertThat(listedIds(restarted)).doesNotContain("bargain-hunters").contains("influencers");
    }
  }

  private static ScoringApp start(KafkaTestEnvironment env) {
    // The admin API does not need the stream to run; readiness is not awaited, the catalogue
    // answers 503 until loaded.
    return ScoringApp.start(env, "admin-it-" + UUID.randomUUID(), Map.of());
  }

  private static List<String> listedIds(ScoringApp app) throws Exception {
    HttpResponse<String> list = get(app, "/admin/segments");
    return list.statusCode() == 200
        ? JSON.readTree(list.body()).get("segments").findValuesAsText("segmentId")
        : List.of();
  }

  private static HttpRequest.Builder admin(ScoringApp app, String path) {
    return HttpRequest.newBuilder(app.uri(path))
        .header("Authorization", BEARER)
        .header("Content-Type", "application/json");
  }

  private static HttpRequest.BodyPublisher body(String json) {
    return HttpRequest.BodyPublishers.ofString(json);
  }

  private static HttpResponse<String> get(ScoringApp app, String path) {
    return app.send(admin(app, path).GET());
  }

  /** Creates, retrying while the catalogue is still loading (503) right after start. */
  private static HttpResponse<String> post(ScoringApp app, String json) {
    AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              last.set(app.send(admin(app, "/admin/segments").POST(body(json))));
              return last.get().statusCode() != 503;
            });
    return last.get();
  }
}
