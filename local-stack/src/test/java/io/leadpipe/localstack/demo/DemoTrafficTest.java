package io.leadpipe.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.leadpipe.devkit.test.ManualClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulation driven by a manual clock against a stand-in for ingest that records what it gets.
 */
class DemoTrafficTest {

  private static final String WRITE_KEY = "demo-write-key";
  private static final String SERVER_WRITE_KEY = "demo-server-write-key";
  private static final double RATE = 20;
  private static final long TICK_MS = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<JsonNode> received = new CopyOnWriteArrayList<>();

  /** Answers posted on the (fake) hosted survey page: link path, form fields and headers. */
  private final List<Map<String, String>> pageAnswers = new CopyOnWriteArrayList<>();

  /** The Authorization header each received event came with, by the event's messageId. */
  private final Map<String, String> authorizations = new ConcurrentHashMap<>();

  private HttpServer ingest;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));

  @BeforeEach
  void fakeIngest() throws IOException {
    ingest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    ingest.createContext(
        "/v1/",
        exchange -> {
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          JsonNode body = JSON.readTree(exchange.getRequestBody());
          body.path("batch")
              .forEach(
                  e -> {
                    received.add(e);
                    authorizations.put(e.path("messageId").asText(), authorization);
                  });
          byte[] answer =
              ("{\"success\":true,\"accepted\":" + body.path("batch").size() + "}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    ingest.createContext(
        "/survey/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] answer;
          if ("GET".equals(exchange.getRequestMethod())) {
            answer =
                ("<form method=\"post\" action=\""
                        + path
                        + "\"><input type=\"hidden\" name=\"proof\" value=\"proof-of-"
                        + path.substring("/survey/".length())
                        + "&amp;more\"></form>")
                    .getBytes(StandardCharsets.UTF_8);
          } else {
            Map<String, String> form = new java.util.HashMap<>();
            for (String pair :
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    .split("&")) {
              String[] kv = pair.split("=", 2);
              form.put(
                  java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                  java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            form.put("path", path);
            form.put("Sec-Fetch-Site", exchange.getRequestHeaders().getFirst("Sec-Fetch-Site"));
            pageAnswers.add(form);
            answer = "<p id=\"answer\">Thank you</p>".getBytes(StandardCharsets.UTF_8);
          }
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    ingest.start();
  }

  @AfterEach
  void stop() {
    ingest.stop(0);
  }

  @Test
  void shoppers_arrive_so_that_their_calls_add_up_to_the_rate_and_are_sent_with_the_write_key() {
    try (DemoTraffic traffic = traffic(7)) {
      run(traffic, Duration.ofSeconds(120));
      awaitAllAnswered(traffic);

      double expected = RATE * 120;
      // Calls of the last shoppers are still ahead of them: fewer than the budget, never more.
      assertThat((double) received.size()).isBetween(expected * 0.6, expected + 50);
      assertThat(traffic.stats().accepted()).isEqualTo(received.size());
      assertThat(traffic.stats().shoppers()).isPositive();
      // Purchases and social interactions come from the shop's server (ingest refuses them from
      // the public browser key); everything else from the browser.
      List<JsonNode> serverSide =
          received.stream()
              .filter(e -> e.has("network") || "Order Completed".equals(e.path("event").asText()))
              .toList();
      assertThat(serverSide).isNotEmpty();
      assertThat(received)
          .allSatisfy(
              e ->
                  assertThat(authorizations.get(e.path("messageId").asText()))
                      .as(e.toString())
                      .isEqualTo(basic(serverSide.contains(e) ? SERVER_WRITE_KEY : WRITE_KEY)));
      assertThat(received).allSatisfy(e -> assertThat(e.path("timestamp").asText()).isNotEmpty());
    }
  }

  @Test
  void hesitating_shoppers_answer_surveys_with_the_follow_up_id_and_unknown_visitors_are_ignored() {
    try (DemoTraffic traffic = traffic(8)) {
      run(traffic, Duration.ofSeconds(60));
      awaitAllAnswered(traffic);
      int before = received.size();

      traffic.onFollowup("nobody-we-know", "t-0", "SURVEY", null);
      for (String visitor : visitors()) {
        traffic.onFollowup(visitor, "t-" + visitor, "SURVEY", null);
      }
      run(traffic, Duration.ofSeconds(5));
      awaitAllAnswered(traffic);

      List<JsonNode> answers =
          received.subList(before, received.size()).stream()
              .filter(e -> "Feedback Submitted".equals(e.path("event").asText()))
              .toList();
      assertThat(answers)
          .isNotEmpty()
          .allSatisfy(
              a -> {
                String visitor =
                    a.hasNonNull("userId")
                        ? a.path("userId").asText()
                        : a.path("anonymousId").asText();
                assertThat(a.path("properties").path("followupId").asText())
                    .isEqualTo("t-" + visitor);
                assertThat(a.path("properties").path("statedReason").asText())
                    .isIn("PRICE", "REVIEWS", "QUALITY", "SHIPPING", "OTHER");
              });
      assertThat(received)
          .noneMatch(e -> e.path("properties").path("followupId").asText().equals("t-0"));
      assertThat(traffic.stats().reactions()).isEqualTo(answers.size());
    }
  }

  @Test
  void the_right_play_wins_some_shoppers_back() {
    try (DemoTraffic traffic = traffic(9)) {
      run(traffic, Duration.ofSeconds(60));
      awaitAllAnswered(traffic);
      int before = received.size();

      for (String visitor : visitors()) {
        traffic.onFollowup(visitor, "offer-" + visitor, "DISCOUNT_OFFER", null);
      }
      run(traffic, Duration.ofSeconds(5));
      awaitAllAnswered(traffic);

      // Loyal buyers keep ordering meanwhile; orders won back by the offer carry the follow-up's
      // id.
      List<JsonNode> wonBack =
          received.subList(before, received.size()).stream()
              .filter(e -> "Order Completed".equals(e.path("event").asText()))
              .filter(e -> e.path("messageId").asText().contains("-order-"))
              .toList();
      assertThat(wonBack).isNotEmpty().hasSize((int) traffic.stats().reactions());
      assertThat(wonBack.size()).as("some, not all, take the offer").isLessThan(visitors().size());
    }
  }

  @Test
  void some_answer_on_the_hosted_survey_page_with_its_form_proof_as_a_browser_does() {
    try (DemoTraffic traffic = traffic(10)) {
      run(traffic, Duration.ofSeconds(60));
      awaitAllAnswered(traffic);
      int before = received.size();

      for (String visitor : visitors()) {
        traffic.onFollowup(visitor, "t-" + visitor, "SURVEY", surveyLink("token-" + visitor));
      }
      run(traffic, Duration.ofSeconds(5));
      awaitAllAnswered(traffic);

      long trackedAnswers =
          received.subList(before, received.size()).stream()
              .filter(e -> "Feedback Submitted".equals(e.path("event").asText()))
              .count();
      assertThat(pageAnswers).as("answers on the page").isNotEmpty();
      assertThat(trackedAnswers).as("answers tracked by the shop").isPositive();
      assertThat(pageAnswers)
          .allSatisfy(
              a -> {
                String token = a.get("path").substring("/survey/".length());
                assertThat(a.get("proof")).isEqualTo("proof-of-" + token + "&more");
                assertThat(a.get("reason"))
                    .isIn("PRICE", "REVIEWS", "QUALITY", "SHIPPING", "OTHER");
                assertThat(a.get("Sec-Fetch-Site")).isEqualTo("same-origin");
              });
      assertThat(traffic.stats().reactions()).isEqualTo(pageAnswers.size() + trackedAnswers);
    }
  }

  @Test
  void
      some_hesitating_shoppers_buy_on_their_own_once_and_a_fitting_play_does_not_make_them_buy_again() {
    try (DemoTraffic traffic = traffic(11)) {
      // Long enough for the shoppers of the first minutes to come back on their own; a minute at a
      // time, so the fake ingest is not handed all requests at once.
      for (int minute = 0; minute < 5; minute++) {
        run(traffic, Duration.ofSeconds(60));
        awaitAllAnswered(traffic);
      }

      List<String> ownBuyers =
          received.stream()
              .filter(e -> e.path("messageId").asText().contains("-own-purchase-"))
              .map(
                  e ->
                      e.hasNonNull("userId")
                          ? e.path("userId").asText()
                          : e.path("anonymousId").asText())
              .toList();
      assertThat(ownBuyers).as("no follow-up was sent, yet some bought").isNotEmpty();
      assertThat(new LinkedHashSet<>(ownBuyers)).as("each once").hasSameSizeAs(ownBuyers);
      int before = received.size();

      for (String visitor : ownBuyers) {
        for (String play : List.of("DISCOUNT_OFFER", "SOCIAL_PROOF", "QUALITY_REASSURANCE")) {
          traffic.onFollowup(visitor, play + "-" + visitor, play, null);
        }
      }
      run(traffic, Duration.ofSeconds(5));
      awaitAllAnswered(traffic);

      assertThat(received.subList(before, received.size()))
          .noneMatch(e -> e.path("messageId").asText().contains("-order-"));
    }
  }

  private String surveyLink(String token) {
    return "http://127.0.0.1:" + ingest.getAddress().getPort() + "/survey/" + token;
  }

  private DemoTraffic traffic(long seed) {
    URI url = URI.create("http://127.0.0.1:" + ingest.getAddress().getPort());
    return new DemoTraffic(
        new DemoTraffic.Settings(
            url,
            WRITE_KEY,
            SERVER_WRITE_KEY,
            RATE,
            seed,
            1000,
            4000,
            Duration.ofMillis(TICK_MS),
            Duration.ofSeconds(10)),
        clock);
  }

  private static String basic(String writeKey) {
    return "Basic "
        + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
  }

  private void run(DemoTraffic traffic, Duration simulated) {
    for (long t = 0; t < simulated.toMillis(); t += TICK_MS) {
      clock.advance(Duration.ofMillis(TICK_MS));
      traffic.tick();
    }
  }

  private void awaitAllAnswered(DemoTraffic traffic) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              DemoTraffic.Stats s = traffic.stats();
              return s.accepted() + s.rejected() + s.failed() == s.sent()
                  && received.size() + pageAnswers.size() == s.sent();
            });
    assertThat(traffic.stats().failed()).isZero();
  }

  private Set<String> visitors() {
    Set<String> visitors = new LinkedHashSet<>();
    for (JsonNode e : new ArrayList<>(received)) {
      visitors.add(
          e.hasNonNull("userId") ? e.path("userId").asText() : e.path("anonymousId").asText());
    }
    return visitors;
  }
}
