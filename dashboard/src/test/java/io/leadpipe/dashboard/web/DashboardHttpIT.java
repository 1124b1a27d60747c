package io.leadpipe.dashboard.web;

import static io.leadpipe.dashboard.testing.Records.decision;
import static io.leadpipe.dashboard.testing.Records.entered;
import static io.leadpipe.dashboard.testing.Records.hesitation;
import static io.leadpipe.dashboard.testing.Records.surveyAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.dashboard.support.DashboardJson;
import io.leadpipe.dashboard.testing.DashboardApp;
import io.leadpipe.dashboard.testing.FakeAdminApi;
import io.leadpipe.dashboard.testing.Http;
import io.leadpipe.dashboard.testing.QueryApiAnswers;
import io.leadpipe.dashboard.testing.Records;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.DecisionReason;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Given the dashboard in a Micronaut app on the devkit broker (local mode, fake query API), when
 * records arrive on the topics, then the snapshot and the live stream show them; the prospect list
 * passes through the query API; the page and its assets are served with the security headers.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class DashboardHttpIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static DashboardApp app;
  private static Http http;
  private static KafkaTestEnvironment env;

  @BeforeAll
  static void start(KafkaTestEnvironment environment) {
    env = environment;
    app = DashboardApp.start(env, Map.of());
    http = new Http(app.url());
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void recordsOnTheTopicsShowUpInTheSnapshot() {
    String visitor = "v-" + UUID.randomUUID();
    String segment = "seg-" + UUID.randomUUID();
    long sentBefore = http.snapshot().at("/followups/sent/total").asLong();

    app.produce(Topics.SEGMENT_CHANGES, visitor, entered(visitor, segment, "Hesitant hikers"));
    app.produce(
        Topics.HESITATIONS,
        visitor,
        hesitation(visitor, HesitationStatus.DETECTED, HesitationReason.PRICE));
    app.produce(
        Topics.WEB_EVENTS,
        visitor,
        surveyAnswer(visitor, HesitationReason.SHIPPING, "comment " + segment));
    app.produce(
        Topics.FOLLOWUP_DECISIONS,
        visitor,
        decision(
            visitor, DecisionOutcome.SENT, DecisionReason.OK, FollowupPlay.FREE_SHIPPING, null));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode s = http.snapshot();
              assertThat(
                      segmentRow(s.at("/hesitationReasons/bySegment"), segment)
                          .at("/reasons/PRICE")
                          .asLong())
                  .isEqualTo(1);
              assertThat(
                      segmentRow(s.at("/hesitationReasons/bySegment"), segment)
                          .at("/segmentName")
                          .asText())
                  .isEqualTo("Hesitant hikers");
              assertThat(
                      segmentRow(s.at("/survey/statedReasons/bySegment"), segment)
                          .at("/reasons/SHIPPING")
                          .asLong())
                  .isEqualTo(1);
              assertThat(texts(s.at("/survey/recentComments"), "text"))
                  .contains("comment " + segment);
              assertThat(s.at("/followups/sent/total").asLong()).isGreaterThan(sentBefore);
            });
  }

  @Test
  void ratesPerTopicAndLagPerConsumerGroupAreSampled() {
    String group = "dashboard-it-" + UUID.randomUUID();
    String visitor = "v-" + UUID.randomUUID();
    app.produce(
        Topics.HESITATIONS,
        visitor,
        hesitation(visitor, HesitationStatus.DETECTED, HesitationReason.QUALITY));
    // A group that committed offset 0 everywhere is behind by everything written to hesitations.
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            env.consumerProps(group), new StringDeserializer(), new StringDeserializer())) {
      Map<TopicPartition, OffsetAndMetadata> zero = new java.util.HashMap<>();
      consumer
          .partitionsFor(Topics.HESITATIONS.name())
          .forEach(
              p ->
                  zero.put(new TopicPartition(p.topic(), p.partition()), new OffsetAndMetadata(0)));
      consumer.commitSync(zero);
    }

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode s = http.snapshot();
              JsonNode hesitations =
                  find(s.at("/traffic/topics"), "topic", Topics.HESITATIONS.name());
              assertThat(hesitations.at("/endOffset").asLong()).isPositive();
              assertThat(s.at("/traffic/history/at").size()).isPositive();
              JsonNode lag = find(s.at("/traffic/consumerLag"), "group", group);
              assertThat(lag.at("/lag").asLong()).isEqualTo(hesitations.at("/endOffset").asLong());
            });
  }

  @Test
  void theQueryApisSegmentSizesFunnelAndAudienceAreSampledIntoTheSnapshot() {
    app.queryApi()
        .answer(
            "/v1/segments/sizes",
            QueryApiAnswers.segmentSizes(
                "hot-prospects", "Hot prospects", 7, "bargain-hunters", "Bargain hunters", 3));
    app.queryApi().answer("/v1/funnel", QueryApiAnswers.funnel(10, 5, 3, 2, 1));
    app.queryApi().answer("/v1/audience", QueryApiAnswers.audience("country", "DE"));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode s = http.snapshot();
              assertThat(s.at("/segments/available").asBoolean()).isTrue();
              JsonNode hot = s.at("/segments/history/series/hot-prospects");
              assertThat(hot.get(hot.size() - 1).asLong()).isEqualTo(7);
              assertThat(s.at("/segments/names/bargain-hunters").asText())
                  .isEqualTo("Bargain hunters");
              assertThat(s.at("/funnel/stages/3/stage").asText()).isEqualTo("CUSTOMER");
              assertThat(s.at("/funnel/stages/3/reached").asLong()).isEqualTo(3);
              assertThat(s.at("/audience/dimensions/0/mismatch").asBoolean()).isTrue();
            });
  }

  @Test
  void aMatchPreviewIsPostedToTheQueryApiAndItsAnswerOrRefusalComesBack() throws Exception {
    String estimate = "{\"profiles\":40,\"sampled\":40,\"matched\":3,\"exact\":true}";
    app.queryApi().answer("/v1/strategies/preview", estimate);
    String audience = "{\"audience\":{\"stages\":[\"CUSTOMER\"]}}";

    HttpResponse<String> answer = send("POST", "/dashboard/api/preview/strategies", audience);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo(estimate);
    assertThat(app.queryApi().lastPreviewBody()).isEqualTo(audience);

    app.queryApi()
        .answer(
            "/v1/segments/preview",
            400,
            "application/problem+json",
            "{\"status\":400,\"violations\":[{\"field\":\"rule.attr\"}]}");
    HttpResponse<String> refused = send("POST", "/dashboard/api/preview/segments", "{\"rule\":{}}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("\"field\":\"rule.attr\"");

    assertThat(send("POST", "/dashboard/api/preview/profiles", "{}").statusCode()).isEqualTo(404);
    app.queryApi().forget("/v1/segments/preview");
    assertThat(send("POST", "/dashboard/api/preview/segments", "{\"rule\":{}}").statusCode())
        .isEqualTo(503);
  }

  @Test
  void theReasonAccuracyIsPassedOnFromTheQueryApi() {
    String accuracy = "{\"answered\":10,\"correct\":7,\"accuracy\":{\"value\":0.7}}";
    app.queryApi().answer("/v1/reasons/accuracy", accuracy);

    HttpResponse<String> answer = http.get("/dashboard/api/results/reason-accuracy");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo(accuracy);
  }

  @Test
  void theLiveStreamPushesSnapshotsAsServerSentEvents() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(app.url() + "/dashboard/api/stream"))
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    HttpResponse<Stream<String>> response =
        http.client().send(request, HttpResponse.BodyHandlers.ofLines());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    List<String> snapshots = new ArrayList<>();
    try (Stream<String> lines = response.body()) {
      lines.filter(line -> line.startsWith("data:")).limit(2).forEach(snapshots::add);
    }
    assertThat(snapshots)
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("\"generatedAt\""));
  }

  @Test
  void prospectsPassThroughTheQueryApiWithOnlyTheKnownFilters() {
    app.queryApi().answer("/v1/prospects", "{\"prospects\": [{\"visitorId\": \"v-1\"}]}");

    HttpResponse<String> ok =
        http.get("/dashboard/api/prospects?segment=hot%20ones&sort=fit&limit=5&url=http://evil");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("{\"prospects\": [{\"visitorId\": \"v-1\"}]}");
    assertThat(app.queryApi().lastProspectsQuery()).isEqualTo("segment=hot+ones&sort=fit&limit=5");

    app.queryApi()
        .answer("/v1/prospects", 400, "application/problem+json", "{\"title\": \"unknown sort\"}");
    HttpResponse<String> bad = http.get("/dashboard/api/prospects?sort=bogus");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("unknown sort");

    app.queryApi().forget("/v1/prospects");
    HttpResponse<String> missing = http.get("/dashboard/api/prospects");
    assertThat(missing.statusCode()).isEqualTo(503);
    assertThat(missing.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(missing.body()).contains("query-api-unavailable");
  }

  @Test
  void aStageGroupAsksEachOfItsStagesFromTheTopAndMergesTheirRankings() {
    app.queryApi()
        .answerStage(
            "CUSTOMER",
            "{\"total\": 5, \"items\": [{\"visitorId\": \"c-1\", \"engagement\": 40.0},"
                + " {\"visitorId\": \"c-2\", \"engagement\": 10.0}]}");
    app.queryApi()
        .answerStage(
            "REPEAT_CUSTOMER",
            "{\"total\": 1, \"items\": [{\"visitorId\": \"r-1\", \"engagement\": 20.0}]}");
    for (String stage : List.of("AT_RISK", "LAPSED")) {
      app.queryApi().answerStage(stage, "{\"total\": 0, \"items\": []}");
    }
    int asked = app.queryApi().prospectsQueries().size();

    HttpResponse<String> page =
        http.get("/dashboard/api/prospects?stage=customers&segment=vip&limit=2&offset=1");

    assertThat(page.statusCode()).isEqualTo(200);
    JsonNode json = DashboardJson.read(page.body()).orElseThrow();
    assertThat(json.path("total").asLong()).isEqualTo(6);
    assertThat(json.at("/items/0/visitorId").asText()).isEqualTo("r-1");
    assertThat(json.at("/items/1/visitorId").asText()).isEqualTo("c-2");
    assertThat(app.queryApi().prospectsQueries().subList(asked, asked + 4))
        .containsExactly(
            "segment=vip&stage=CUSTOMER&sort=engagement&limit=3&offset=0",
            "segment=vip&stage=REPEAT_CUSTOMER&sort=engagement&limit=3&offset=0",
            "segment=vip&stage=AT_RISK&sort=engagement&limit=3&offset=0",
            "segment=vip&stage=LAPSED&sort=engagement&limit=3&offset=0");

    HttpResponse<String> tooDeep = http.get("/dashboard/api/prospects?stage=potential&offset=95");
    assertThat(tooDeep.statusCode()).isEqualTo(400);
    assertThat(tooDeep.body()).contains("\"field\":\"offset\"").contains("at most 100");
  }

  @Test
  void aProfileIsPassedOnForTheProspectPage() {
    app.queryApi().profile("v-page", QueryApiAnswers.profile("v-page", "Ann", "Shipping costs"));

    HttpResponse<String> found = http.get("/dashboard/api/profile?visitorId=v-page");
    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.body()).contains("\"scoreHistory\"").contains("Shipping costs");

    HttpResponse<String> unknown = http.get("/dashboard/api/profile?visitorId=nobody%20here");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).contains("application/problem+json");

    HttpResponse<String> none = http.get("/dashboard/api/profile");
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(none.body()).contains("\"field\":\"visitorId\"");
  }

  @Test
  void aVisitorsFollowUpDecisionsAreKeptForTheProspectPage() {
    String visitor = "v-" + UUID.randomUUID();
    app.produce(
        Topics.FOLLOWUP_DECISIONS,
        visitor,
        Records.strategyDecision(visitor, "price-vip", "twenty", "quiet hours"));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(http.get("/dashboard/api/followups?visitorId=" + visitor).body())
                    .contains("\"strategyId\":\"price-vip\"")
                    .contains("\"variantId\":\"twenty\"")
                    .contains("\"strategyVersion\":3"));
    assertThat(http.get("/dashboard/api/followups").statusCode()).isEqualTo(400);
  }

  @Test
  void editsGoToTheAdminApiWithTheOperatorsKeyAndItsProblemsComeBack() throws Exception {
    app.adminApi().clear();
    HttpResponse<String> noKey = http.get("/dashboard/api/admin/segments");
    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(noKey.body()).contains("admin-key-required");

    HttpResponse<String> wrongKey =
        http.get("/dashboard/api/admin/segments", "X-Admin-Key", "not-the-key");
    assertThat(wrongKey.statusCode()).isEqualTo(403);

    HttpResponse<String> badId =
        http.get("/dashboard/api/admin/segments/..%2Fhealth", "X-Admin-Key", FakeAdminApi.KEY);
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(badId.body()).contains("\"field\":\"segmentId\"");

    HttpResponse<String> invalid =
        send(
            "POST",
            "/dashboard/api/admin/segments",
            "{\"segmentId\": \"x\", \"name\": \" \", \"rule\": {\"attr\": \"engagment.score\"}}");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.body()).contains("\"field\":\"name\"").contains("rule.all[1].attr");

    HttpResponse<String> created =
        send(
            "POST",
            "/dashboard/api/admin/segments",
            "{\"segmentId\": \"x\", \"name\": \"X\", \"rule\": {\"attr\": \"stage\"}}");
    assertThat(created.statusCode()).isEqualTo(201);
    HttpResponse<String> replaced =
        send("PUT", "/dashboard/api/admin/segments/x", "{\"name\": \"X\", \"enabled\": false}");
    assertThat(replaced.statusCode()).isEqualTo(200);
    assertThat(app.adminApi().segment("x"))
        .containsEntry("enabled", false)
        .containsEntry("version", 2);
    assertThat(send("DELETE", "/dashboard/api/admin/segments/x", null).statusCode()).isEqualTo(204);
    assertThat(app.adminApi().segment("x")).isNull();

    HttpResponse<String> noNotifier =
        http.get("/dashboard/api/admin/strategies", "X-Admin-Key", FakeAdminApi.KEY);
    assertThat(noNotifier.statusCode()).isEqualTo(503);
    assertThat(noNotifier.body()).contains("admin-api-unavailable");

    assertThat(http.get("/dashboard/api/admin/webhooks", "X-Admin-Key", "k").statusCode())
        .isEqualTo(404);
  }

  private static HttpResponse<String> send(String method, String path, String json)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(app.url() + path))
            .header("X-Admin-Key", FakeAdminApi.KEY);
    request.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return http.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thePageAndItsAssetsAreServedWithTheSecurityHeaders() {
    HttpResponse<String> page = http.get("/dashboard");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body())
        .contains("/dashboard/assets/chart.umd.min.js", "/dashboard/assets/dashboard.js")
        .doesNotContain("<script>", "http://", "https://");
    assertThat(page.headers().allValues("Content-Security-Policy"))
        .singleElement()
        .satisfies(
            csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");

    HttpResponse<String> chart = http.get("/dashboard/assets/chart.umd.min.js");
    assertThat(chart.statusCode()).isEqualTo(200);
    assertThat(chart.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(chart.body()).contains("Chart.js v4");
    assertThat(http.get("/dashboard/assets/dashboard.css").statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("/dashboard/assets/results.js");
    assertThat(http.get("/dashboard/assets/results.js").statusCode()).isEqualTo(200);
    assertThat(http.get("/dashboard/assets/..%2F..%2Fapplication.yml").statusCode()).isEqualTo(404);
    assertThat(http.get("/dashboard/assets/index.html").statusCode()).isEqualTo(404);
  }

  @Test
  void theServiceRootLeadsToTheDashboard() {
    HttpResponse<String> root = http.get("/");
    assertThat(root.statusCode()).isEqualTo(303);
    assertThat(root.headers().firstValue("Location")).contains("/dashboard");
  }

  @Test
  void inLocalModeTheLoginPageLeadsStraightToTheDashboard() {
    HttpResponse<String> login = http.get("/dashboard/login");
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("Location")).contains("/dashboard");
  }

  @Test
  void membershipsWrittenBeforeTheDashboardStartedAreReplayedBeforeCounting() {
    String visitor = "v-" + UUID.randomUUID();
    String segment = "seg-" + UUID.randomUUID();
    app.produce(Topics.SEGMENT_CHANGES, visitor, entered(visitor, segment, "Early birds"));

    try (DashboardApp fresh = DashboardApp.start(env, Map.of())) {
      app.produce(
          Topics.HESITATIONS,
          visitor,
          hesitation(visitor, HesitationStatus.DETECTED, HesitationReason.REVIEWS));
      Http freshHttp = new Http(fresh.url());
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(
                          segmentRow(
                                  freshHttp.snapshot().at("/hesitationReasons/bySegment"), segment)
                              .at("/reasons/REVIEWS")
                              .asLong())
                      .isEqualTo(1));
    }
  }

  private static JsonNode segmentRow(JsonNode rows, String segmentId) {
    return find(rows, "segmentId", segmentId);
  }

  private static JsonNode find(JsonNode rows, String field, String value) {
    for (JsonNode row : rows) {
      if (value.equals(row.path(field).asText())) {
        return row;
      }
    }
    throw new AssertionError("no row with " + field + "=" + value + " in " + rows);
  }

  private static List<String> texts(JsonNode rows, String field) {
    List<String> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.path(field).asText()));
    return out;
  }
}
