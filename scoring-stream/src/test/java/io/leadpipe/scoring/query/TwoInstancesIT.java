package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.web.FeedbackAnswer;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.testing.ScoringApp;
import io.leadpipe.scoring.testing.WebEvents;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances of the service share one application id on the devkit broker, each with its own
 * port and state: every profile is answered by either instance (forwarded to the owner when needed,
 * with the caller's read token) and every listing merges both.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class TwoInstancesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VISITORS = 60;
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @Test
  void eitherInstanceAnswersForEveryVisitorAndListingsMergeBoth(KafkaTestEnvironment env)
      throws Exception {
    String applicationId = "two-instances-" + UUID.randomUUID();
    // Only our test segment: the expected sizes are then exact.
    Map<String, Object> config = Map.of("leadpipe.scoring.segments.seed-defaults", false);
    try (ScoringApp a = ScoringApp.start(env, applicationId, config);
        ScoringApp b = ScoringApp.start(env, applicationId, config)) {
      a.awaitReady();
      b.awaitReady();
      HttpResponse<String> segment =
          a.send(
              HttpRequest.newBuilder(a.uri("/admin/segments"))
                  .header("Authorization", "Bearer " + ScoringApp.ADMIN_KEY)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          """
              {"segmentId": "carts", "name": "Has a cart", "rule": {"attr": "activity.cartAdds", "op": "gte", "value": 1}}""")));
      assertThat(segment.statusCode()).as(segment.body()).isEqualTo(201);

      // Given 60 visitors: 1-4 product views each (3 points per view), every third adds to the cart
      // (10 points)
      String run = UUID.randomUUID().toString().substring(0, 8);
      Instant t = Instant.now().minusSeconds(30);
      List<WebEvent> events = new ArrayList<>();
      List<String> visitors = new ArrayList<>();
      int withCart = 0;
      int engaged = 0;
      int answered = 0;
      int answeredWithCart = 0;
      for (int i = 0; i < VISITORS; i++) {
        String visitor = "v-" + run + "-" + i;
        visitors.add(visitor);
        int views = 1 + i % 4;
        for (int v = 0; v < views; v++) {
          events.add(WebEvents.event(visitor, WebEventType.PRODUCT_VIEW, t.plusMillis(v)));
        }
        if (i % 3 == 0) {
          events.add(WebEvents.event(visitor, WebEventType.CART_ADD, t.plusMillis(10)));
          withCart++;
        }
        // Every fifth answers the survey (5 points) before any hesitation was detected.
        boolean answers = i % 5 == 0;
        if (answers) {
          events.add(
              WebEvent.newBuilder(
                      WebEvents.event(visitor, WebEventType.FEEDBACK_ANSWER, t.plusMillis(20)))
                  .setFeedback(
                      FeedbackAnswer.newBuilder().setStatedReason(HesitationReason.PRICE).build())
                  .build());
          answered++;
          if (i % 3 == 0) {
            answeredWithCart++;
          }
        }
        if (3 * views + (i % 3 == 0 ? 10 : 0) + (answers ? 5 : 0) >= 20) {
          engaged++;
        }
      }
      WebEvents.send(env, events);
      long expectedEngaged = engaged;
      long expectedWithCart = withCart;
      long expectedAnswered = answered;
      long expectedAnsweredWithCart = answeredWithCart;

      // Then, once every visitor is counted, the work is shared: each instance holds some of the
      // profiles
      await("all profiles counted")
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> total(a, "/v1/funnel") == VISITORS);
      long onA = localShare(a);
      long onB = localShare(b);
      assertThat(onA).isPositive();
      assertThat(onB).isPositive();
      assertThat(onA + onB).isEqualTo(VISITORS);

      // And every profile is answered by both instances, the one that does not own it forwarding to
      // the one that does
      Set<String> servedBy = new HashSet<>();
      int forwarded = 0;
      for (String visitor : visitors) {
        for (ScoringApp asked : List.of(a, b)) {
          HttpResponse<String> response = asked.get("/v1/profiles/" + visitor);
          assertThat(response.statusCode())
              .as("%s on port %d: %s", visitor, asked.port(), response.body())
              .isEqualTo(200);
          assertThat(JSON.readTree(response.body()).get("visitorId").asText()).isEqualTo(visitor);
          String server = response.headers().firstValue("X-Leadpipe-Served-By").orElseThrow();
          servedBy.add(server);
          if (!server.endsWith(":" + asked.port())) {
            forwarded++;
          }
        }
      }
      assertThat(servedBy).hasSize(2);
      // An unknown visitor is a 404 problem from either instance, also when the owner's answer is
      // relayed
      for (String unknown : List.of("nobody-1", "nobody-2", "nobody-3", "nobody-4")) {
        for (ScoringApp asked : List.of(a, b)) {
          HttpResponse<String> response = asked.get("/v1/profiles/" + unknown);
          assertThat(response.statusCode()).isEqualTo(404);
          assertThat(JSON.readTree(response.body()).get("detail").asText())
              .isEqualTo("no profile for visitor '" + unknown + "'");
        }
      }
      assertThat(forwarded).isEqualTo(VISITORS);

      // And the top prospects merge both instances: the same ranking from either, and pages that
      // add up to it
      JsonNode all = json(a, "/v1/prospects?limit=100");
      assertThat(all.get("total").asLong()).isEqualTo(VISITORS);
      assertThat(json(b, "/v1/prospects?limit=100").get("items")).isEqualTo(all.get("items"));
      List<String> ranked = all.get("items").findValuesAsText("visitorId");
      assertThat(ranked).containsExactlyInAnyOrderElementsOf(visitors);
      List<Double> scores = new ArrayList<>();
      all.get("items").forEach(item -> scores.add(item.get("engagement").asDouble()));
      assertThat(scores).isSortedAccordingTo((x, y) -> Double.compare(y, x));
      List<String> paged = new ArrayList<>();
      for (int offset = 0; offset < VISITORS; offset += 7) {
        paged.addAll(
            json(offset % 2 == 0 ? a : b, "/v1/prospects?limit=7&offset=" + offset)
                .get("items")
                .findValuesAsText("visitorId"));
      }
      assertThat(paged).isEqualTo(ranked);
      assertThat(json(b, "/v1/prospects?stage=ENGAGED_PROSPECT").get("total").asLong())
          .isEqualTo(expectedEngaged);

      // And segment sizes, the funnel and the forecast count both instances' visitors exactly
      for (ScoringApp asked : List.of(a, b)) {
        JsonNode sizes = json(asked, "/v1/segments/sizes");
        assertThat(sizes.get("profiles").asLong()).isEqualTo(VISITORS);
        assertThat(sizes.get("segments")).hasSize(1);
        assertThat(sizes.at("/segments/0/segmentId").asText()).isEqualTo("carts");
        assertThat(sizes.at("/segments/0/name").asText()).isEqualTo("Has a cart");
        assertThat(sizes.at("/segments/0/members").asLong()).isEqualTo(expectedWithCart);
        JsonNode funnel = json(asked, "/v1/funnel");
        assertThat(funnel.at("/stages/1/stage").asText()).isEqualTo("ENGAGED_PROSPECT");
        assertThat(funnel.at("/stages/1/profiles").asLong()).isEqualTo(expectedEngaged);
        assertThat(json(asked, "/v1/audience").get("prospects").asLong())
            .isEqualTo(expectedEngaged);
        // And the reason accuracy: every answer came before any detection (row NONE, column PRICE)
        await("answers counted")
            .atMost(PATIENCE)
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () -> {
                  JsonNode accuracy = json(asked, "/v1/reasons/accuracy");
                  assertThat(accuracy.get("answered").asLong()).isEqualTo(expectedAnswered);
                  assertThat(accuracy.get("withoutInference").asLong()).isEqualTo(expectedAnswered);
                  assertThat(accuracy.get("correct").asLong()).isZero();
                  assertThat(accuracy.at("/coverage/missing")).isEmpty();
                  assertThat(
                          json(asked, "/v1/reasons/accuracy?segment=carts")
                              .get("answered")
                              .asLong())
                      .isEqualTo(expectedAnsweredWithCart);
                });
        JsonNode forecast = json(asked, "/v1/forecast");
        assertThat(forecast.at("/overall/visitors").asLong()).isEqualTo(VISITORS);
        assertThat(forecast.at("/segments/0/segmentId").asText()).isEqualTo("carts");
        assertThat(forecast.at("/segments/0/forecast/visitors").asLong())
            .isEqualTo(expectedWithCart);
      }
      // The forecast's raw sums came from both: either instance computes the same figures
      assertThat(json(a, "/v1/forecast").get("overall"))
          .isEqualTo(json(b, "/v1/forecast").get("overall"));

      // When one instance shuts down cleanly, Then the other takes over its partitions and answers
      // for everyone
      b.close();
      await("takeover")
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> localShare(a) == VISITORS);
      for (String visitor : visitors) {
        HttpResponse<String> response = a.get("/v1/profiles/" + visitor);
        assertThat(response.statusCode()).as(visitor).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Leadpipe-Served-By").orElseThrow())
            .endsWith(":" + a.port());
      }
      assertThat(json(a, "/v1/segments/sizes").at("/segments/0/members").asLong())
          .isEqualTo(expectedWithCart);
    }
  }

  private static JsonNode json(ScoringApp app, String path) throws Exception {
    HttpResponse<String> response = app.get(path);
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static long total(ScoringApp app, String path) throws Exception {
    HttpResponse<String> response = app.get(path);
    return response.statusCode() == 200 ? JSON.readTree(response.body()).get("total").asLong() : -1;
  }

  /**
   * The profiles this instance holds itself: its share of a listing, as another instance would ask
   * for it.
   */
  private static long localShare(ScoringApp app) throws Exception {
    HttpResponse<String> response =
        app.send(
            HttpRequest.newBuilder(app.uri("/v1/funnel"))
                .header(Peers.SCOPE_HEADER, Peers.LOCAL)
                .header("Authorization", "Bearer " + ScoringApp.READ_TOKEN)
                .GET());
    return response.statusCode() == 200 ? JSON.readTree(response.body()).get("total").asLong() : -1;
  }
}
