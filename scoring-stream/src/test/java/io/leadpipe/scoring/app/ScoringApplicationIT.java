package io.leadpipe.scoring.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.testing.ScoringApp;
import io.leadpipe.scoring.testing.WebEvents;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service as it runs: on the devkit broker, web events in, profiles and listings out over HTTP.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class ScoringApplicationIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void webEventsBecomeAQueryableProfileWithItsExplanation(KafkaTestEnvironment env)
      throws Exception {
    try (ScoringApp app =
        ScoringApp.start(env, "scoring-app-it-" + UUID.randomUUID(), Map.of()).awaitReady()) {
      // Then the service is ready with its streams running and exposes their metrics
      assertThat(app.get("/health/readiness").body())
          .contains("\"streams-scoring\"")
          .contains("\"streams-hesitations\"")
          .doesNotContain("REBALANCING");
      HttpResponse<String> metrics = app.get("/prometheus");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("leadpipe_streams_running{application=\"scoring\"} 1.0")
          .contains("leadpipe_streams_running{application=\"hesitations\"} 1.0")
          .contains("kafka_stream_");

      // Given a shopper who browses and adds to the cart (1 × 3 + 3 × 2 + 2 + 10 = 21 points), and
      // a passer-by
      String shopper = "shopper-" + UUID.randomUUID();
      String passerBy = "passer-" + UUID.randomUUID();
      Instant t = Instant.now().minusSeconds(60);
      List<WebEvent> events = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        events.add(WebEvents.event(shopper, WebEventType.PAGE_VIEW, t.plusSeconds(i)));
      }
      events.add(WebEvents.event(shopper, WebEventType.PRODUCT_VIEW, t.plusSeconds(4)));
      events.add(WebEvents.event(shopper, WebEventType.PRODUCT_VIEW, t.plusSeconds(5)));
      events.add(WebEvents.event(shopper, WebEventType.SEARCH, t.plusSeconds(6)));
      events.add(WebEvents.event(shopper, WebEventType.CART_ADD, t.plusSeconds(7)));
      events.add(WebEvents.event(passerBy, WebEventType.PAGE_VIEW, t));
      WebEvents.send(env, events);

      // Then the shopper's profile is served with the scores and the factors that explain them
      JsonNode profile =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> profile(app, shopper), p -> p != null && p.at("/revision").asLong() == 7);
      assertThat(profile.at("/activity/pageViews").asInt()).isEqualTo(3);
      assertThat(profile.at("/activity/cartAdds").asInt()).isEqualTo(1);
      assertThat(profile.at("/engagement/value").asDouble())
          .isCloseTo(21.0, org.assertj.core.data.Offset.offset(0.1));
      assertThat(profile.at("/stage").asText()).isEqualTo("ENGAGED_PROSPECT");
      assertThat(profile.at("/engagement/factors/0/signal").asText()).isEqualTo("ADD_TO_CART");
      assertThat(profile.at("/traits").has("email")).isFalse();
      assertThat(profile.at("/traits").has("firstName")).isTrue();

      // And a read token without the personal-data scope gets the same profile without what names
      // or locates the person, also in listings; no token at all is a 401
      JsonNode pseudonymous =
          JSON.readTree(
              app.send(
                      java.net.http.HttpRequest.newBuilder(app.uri("/v1/profiles/" + shopper))
                          .header("Authorization", "Bearer " + ScoringApp.PSEUDONYMOUS_TOKEN))
                  .body());
      assertThat(pseudonymous.at("/engagement/value").asDouble())
          .isEqualTo(profile.at("/engagement/value").asDouble());
      assertThat(pseudonymous.get("userId").isNull()).isTrue();
      assertThat(pseudonymous.at("/traits").has("country")).isTrue();
      for (String personal : List.of("email", "firstName", "birthYear", "city", "socialHandles")) {
        assertThat(pseudonymous.at("/traits").has(personal)).as(personal).isFalse();
      }
      assertThat(
              app.send(java.net.http.HttpRequest.newBuilder(app.uri("/v1/prospects"))).statusCode())
          .isEqualTo(401);

      // And an unknown visitor is a problem+json 404
      HttpResponse<String> unknown = app.get("/v1/profiles/nobody-" + UUID.randomUUID());
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(JSON.readTree(unknown.body()).get("detail").asText())
          .startsWith("no profile for visitor");

      // And the listings see both visitors
      await().atMost(Duration.ofSeconds(30)).until(() -> profile(app, passerBy) != null);
      JsonNode prospects =
          JSON.readTree(app.get("/v1/prospects?stage=engaged_prospect&sort=engagement").body());
      assertThat(prospects.at("/total").asLong()).isEqualTo(1);
      assertThat(prospects.at("/items/0/visitorId").asText()).isEqualTo(shopper);
      assertThat(prospects.at("/items/0/explanation/engagement/0/signal").asText())
          .isEqualTo("ADD_TO_CART");

      JsonNode funnel = JSON.readTree(app.get("/v1/funnel").body());
      assertThat(funnel.at("/total").asLong()).isEqualTo(2);
      assertThat(funnel.at("/stages/0/stage").asText()).isEqualTo("VISITOR");
      assertThat(funnel.at("/stages/0/profiles").asLong()).isEqualTo(1);
      assertThat(funnel.at("/stages/1/profiles").asLong()).isEqualTo(1);
      assertThat(funnel.at("/stages/1/reached").asLong()).isEqualTo(1);

      JsonNode sizes = JSON.readTree(app.get("/v1/segments/sizes").body());
      assertThat(sizes.at("/profiles").asLong()).isEqualTo(2);
      assertThat(sizes.get("segments").findValuesAsText("segmentId"))
          .contains("hot-prospects", "bargain-hunters");

      JsonNode audience = JSON.readTree(app.get("/v1/audience").body());
      assertThat(audience.at("/prospects").asLong()).isEqualTo(1);
      assertThat(audience.get("dimensions").findValuesAsText("dimension"))
          .containsExactly("ageBand", "gender", "incomeBand", "job", "location", "interests");

      // And the query API needs the read token: none is 401, a wrong one 403, both problem+json
      HttpResponse<String> anonymous =
          app.send(HttpRequest.newBuilder(app.uri("/v1/profiles/" + shopper)).GET());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
      assertThat(anonymous.body()).doesNotContain("activity");
      HttpResponse<String> guessed =
          app.send(
              HttpRequest.newBuilder(app.uri("/v1/funnel"))
                  .header("Authorization", "Bearer guess")
                  .GET());
      assertThat(guessed.statusCode()).isEqualTo(403);
      assertThat(guessed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(app.get("/nowhere").headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");

      HttpResponse<String> invalid = app.get("/v1/prospects?sort=price&limit=0");
      assertThat(invalid.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(invalid.body()).get("violations").findValuesAsText("field"))
          .containsExactly("sort", "limit");
    }
  }

  private static JsonNode profile(ScoringApp app, String visitorId) throws Exception {
    HttpResponse<String> response = app.get("/v1/profiles/" + visitorId);
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
  }
}
