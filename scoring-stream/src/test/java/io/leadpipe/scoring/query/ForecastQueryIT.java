package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.testing.ScoringApp;
import io.leadpipe.scoring.testing.WebEvents;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GET /v1/forecast, /v1/forecast/backtest and /v1/propensity/model, and the match previews (POST
 * /v1/segments/preview, /v1/strategies/preview), as the service answers them, on the devkit broker:
 * figures from the stream's sums and sample, bad parameters as problem details, the read token
 * required.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class ForecastQueryIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void forecastBacktestAndModelAreServed(KafkaTestEnvironment env) throws Exception {
    try (ScoringApp app =
        ScoringApp.start(
                env,
                "forecast-it-" + UUID.randomUUID(),
                // The cart is nine days old: detection in this JVM would report it left at once,
                // and that hesitation, stamped now, would move the task's stream time past the
                // snapshot's horizon and close it before the purchase arrives.
                Map.of("leadpipe.hesitations.enabled", "false"))
            .awaitReady()) {
      // Given a shopper who put 120 in the cart nine days ago and bought it the day after (within
      // the week's horizon), seen again now, which closes that snapshot; and a browser seen now
      String shopper = "shopper-" + UUID.randomUUID();
      String browser = "browser-" + UUID.randomUUID();
      Instant now = Instant.now();
      Instant nineDaysAgo = now.minus(Duration.ofDays(9));
      // (one at a time: a visitor's events within one publish interval make one profile, and the
      // snapshot is taken of the first profile)
      sendAtEventTime(
          env,
          List.of(
              WebEvent.newBuilder(WebEvents.event(shopper, WebEventType.CART_ADD, nineDaysAgo))
                  .setProduct(
                      Product.newBuilder()
                          .setProductId("p-1")
                          .setPrice(120.0)
                          .setQuantity(1)
                          .build())
                  .build()));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> json(app, "/v1/profiles/" + shopper).at("/activity/cartValue").asDouble() > 0);
      sendAtEventTime(
          env,
          List.of(
              WebEvent.newBuilder(
                      WebEvents.event(
                          shopper, WebEventType.PURCHASE, nineDaysAgo.plus(Duration.ofDays(1))))
                  .setOrder(OrderInfo.newBuilder().setOrderId("o-1").setRevenue(120.0).build())
                  .build()));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> json(app, "/v1/profiles/" + shopper).at("/activity/purchases").asInt() == 1);
      sendAtEventTime(
          env,
          List.of(
              WebEvents.event(shopper, WebEventType.PAGE_VIEW, now),
              WebEvents.event(browser, WebEventType.PRODUCT_VIEW, now)));

      // Then the forecast counts both: the shopper at their own 120 a order, the browser at the
      // buyers' average (also 120)
      // (read until the profiles and the sums are of the same publish)
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                JsonNode forecast = json(app, "/v1/forecast");
                double ps = propensity(app, shopper);
                double pb = propensity(app, browser);
                assertThat(forecast.at("/overall/visitors").asLong()).isEqualTo(2);
                assertThat(forecast.at("/horizonDays").asInt()).isEqualTo(7);
                assertThat(forecast.at("/overall/averageOrderValue").asDouble()).isEqualTo(120);
                assertThat(forecast.at("/overall/expectedRevenue").asDouble())
                    .isCloseTo((ps + pb) * 120, within(0.02));
                double sd = Math.sqrt((ps * (1 - ps) + pb * (1 - pb)) * 120 * 120);
                assertThat(forecast.at("/overall/high").asDouble())
                    .isCloseTo((ps + pb) * 120 + 1.96 * sd, within(0.02));
                assertThat(forecast.at("/coverage/missing").size()).isZero();
              });

      // And the backtest shows the day of the snapshot: its forecast beside the 120 bought
      String day = LocalDate.ofInstant(nineDaysAgo, ZoneOffset.UTC).toString();
      JsonNode backtest =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> json(app, "/v1/forecast/backtest?days=30"), b -> b.at("/days").size() == 1);
      assertThat(backtest.at("/days/0/day").asText()).isEqualTo(day);
      assertThat(backtest.at("/days/0/snapshots").asLong()).isEqualTo(1);
      assertThat(backtest.at("/days/0/buyers").asLong()).isEqualTo(1);
      assertThat(backtest.at("/days/0/actualRevenue").asDouble()).isEqualTo(120);
      assertThat(backtest.at("/days/0/forecastRevenue").asDouble()).isPositive();

      // And that example reached the trainer: version 0's record with its holdout figures
      JsonNode model =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> json(app, "/v1/propensity/model"), m -> m.at("/versions").size() == 1);
      assertThat(model.at("/model").asText()).isEqualTo("purchase-7d");
      assertThat(model.at("/servingVersion").asInt()).isZero();
      assertThat(model.at("/versions/0/version").asInt()).isZero();
      assertThat(model.at("/versions/0/evaluation/examples").asLong()).isEqualTo(1);
      assertThat(model.at("/versions/0/featureNames").size()).isEqualTo(13);

      // And the match preview counts the same two profiles: the sample holds both, so exactly
      JsonNode buyers =
          preview(
              app,
              "/v1/segments/preview",
              "{\"rule\":{\"attr\":\"activity.purchases\"," + "\"op\":\"gte\",\"value\":1}}");
      assertThat(buyers.at("/profiles").asLong()).isEqualTo(2);
      assertThat(buyers.at("/sampled").asLong()).isEqualTo(2);
      assertThat(buyers.at("/exact").asBoolean()).isTrue();
      assertThat(buyers.at("/estimate").asLong()).isEqualTo(1);
      assertThat(buyers.at("/coverage/missing").size()).isZero();
      JsonNode customers =
          preview(app, "/v1/strategies/preview", "{\"audience\":{\"stages\":[\"CUSTOMER\"]}}");
      assertThat(customers.at("/estimate").asLong()).isEqualTo(1);
      assertThat(customers.at("/note").asText()).contains("current open hesitation");
      // (a bad rule or audience: the same violation at the same path as saving it would give)
      HttpResponse<String> badRule =
          post(
              app,
              "/v1/segments/preview",
              "{\"rule\":{\"all\":[{\"attr\":\"nope\"," + "\"op\":\"eq\",\"value\":1}]}}");
      assertThat(badRule.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(badRule.body()).at("/violations/0/field").asText())
          .isEqualTo("rule.all[0].attr");
      HttpResponse<String> badAudience =
          post(app, "/v1/strategies/preview", "{\"audience\":{\"stages\":[\"NOPE\"]}}");
      assertThat(badAudience.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(badAudience.body()).at("/violations/0/field").asText())
          .isEqualTo("audience.stages[0]");
      assertThat(
              app.send(
                      HttpRequest.newBuilder(app.uri("/v1/segments/preview"))
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString("{\"rule\":{}}")))
                  .statusCode())
          .isEqualTo(401);

      // And bad parameters are problem details naming each one; no token is a 401
      HttpResponse<String> badDays = app.get("/v1/forecast/backtest?days=0");
      assertThat(badDays.statusCode()).isEqualTo(400);
      assertThat(badDays.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(JSON.readTree(badDays.body()).at("/violations/0/field").asText())
          .isEqualTo("days");
      HttpResponse<String> unknownSegment = app.get("/v1/forecast?segment=no-such-segment");
      assertThat(unknownSegment.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(unknownSegment.body()).at("/violations/0/field").asText())
          .isEqualTo("segment");
      for (String path : List.of("/v1/forecast", "/v1/forecast/backtest", "/v1/propensity/model")) {
        assertThat(app.send(HttpRequest.newBuilder(app.uri(path))).statusCode())
            .as(path)
            .isEqualTo(401);
      }
    }
  }

  /**
   * As ingest would, but with each record's timestamp at its event time: stream time (which closes
   * snapshots) follows the record timestamps, and these events lie days apart.
   */
  private static void sendAtEventTime(KafkaTestEnvironment env, List<WebEvent> events) {
    try (KafkaProducer<String, WebEvent> producer =
        env.producer(
            new StringSerializer(),
            Topics.WEB_EVENTS.valueSerde(env.registryConfig()).serializer())) {
      for (WebEvent e : events) {
        producer.send(
            new ProducerRecord<>(
                Topics.WEB_EVENTS.name(),
                null,
                e.getEventTime().toEpochMilli(),
                e.getAnonymousId(),
                e));
      }
      producer.flush();
    }
  }

  private static JsonNode json(ScoringApp app, String path) throws Exception {
    HttpResponse<String> response = app.get(path);
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.nullNode();
  }

  private static HttpResponse<String> post(ScoringApp app, String path, String body) {
    return app.send(
        HttpRequest.newBuilder(app.uri(path))
            .header("Authorization", "Bearer " + ScoringApp.READ_TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static JsonNode preview(ScoringApp app, String path, String body) throws Exception {
    HttpResponse<String> response = post(app, path, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static double propensity(ScoringApp app, String visitor) throws Exception {
    return json(app, "/v1/profiles/" + visitor).at("/propensity/purchase7d").asDouble();
  }
}
