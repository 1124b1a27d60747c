package io.leadpipe.scoring.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.scoring.testing.ScoringApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Every admin endpoint of scoring-stream (segments, identity merges, privacy) and the query API
 * refuse requests without a key or with a wrong one, as problem+json, and no key or token (right or
 * wrong) appears in any log line, captured at DEBUG from the service's start to its stop.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class KeysNotLoggedIT {

  private static final List<String[]> ADMIN =
      List.of(
          new String[] {"GET", "/admin/segments"},
          new String[] {"GET", "/admin/segments/reevaluation"},
          new String[] {"GET", "/admin/segments/high-intent"},
          new String[] {"DELETE", "/admin/segments/high-intent"},
          new String[] {"GET", "/admin/identities/merges/m-1"},
          new String[] {"POST", "/admin/identities/merges/m-1/undo"},
          new String[] {"GET", "/admin/privacy/export/v-1"},
          new String[] {"POST", "/admin/privacy/erase/v-1"});
  private static final List<String> QUERIES =
      List.of(
          "/v1/prospects", "/v1/profiles/v-1", "/v1/segments/sizes", "/v1/funnel", "/v1/audience");

  @Test
  void adminAndQueryApisRefuseMissingAndWrongKeysAndNoKeyIsLogged(KafkaTestEnvironment env) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String wrongKey = "wrong-admin-key-" + run;
    String wrongToken = "wrong-read-token-" + run;
    String dashboardToken = "dashboard-token-" + run;
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = logging.getLogger(Logger.ROOT_LOGGER_NAME);
    Level rootLevel = root.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    int requests = 0;
    List<String> refusals = new ArrayList<>();
    // Captured from before the start: configuration beans are logged when they are created and
    // destroyed.
    captured.setContext(logging);
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.DEBUG);
    try (ScoringApp app =
        ScoringApp.start(
            env,
            "keys-not-logged-" + run,
            Map.of(
                "leadpipe.hesitations.enabled",
                false,
                "leadpipe.dashboard.token",
                dashboardToken))) {
      app.awaitReady();

      for (String[] endpoint : ADMIN) {
        HttpResponse<String> none = app.send(request(app, endpoint));
        HttpResponse<String> wrong =
            app.send(request(app, endpoint).header("X-Admin-Key", wrongKey));
        HttpResponse<String> wrongBearer =
            app.send(request(app, endpoint).header("Authorization", "Bearer " + wrongKey));
        HttpResponse<String> readToken =
            app.send(
                request(app, endpoint).header("Authorization", "Bearer " + ScoringApp.READ_TOKEN));
        HttpResponse<String> right =
            app.send(request(app, endpoint).header("X-Admin-Key", ScoringApp.ADMIN_KEY));
        requests += 5;
        String where = endpoint[0] + " " + endpoint[1];
        assertRefused(none, 401, where + " without a key");
        assertRefused(wrong, 403, where + " with a wrong key");
        assertRefused(wrongBearer, 403, where + " with a wrong bearer key");
        assertRefused(readToken, 403, where + " with the read token");
        assertThat(right.statusCode()).as(where + " with the admin key").isNotIn(401, 403);
        refusals.add(
            where
                + ": none "
                + none.statusCode()
                + ", wrong "
                + wrong.statusCode()
                + ", right "
                + right.statusCode());
      }
      for (String path : QUERIES) {
        HttpResponse<String> none = app.send(HttpRequest.newBuilder(app.uri(path)).GET());
        HttpResponse<String> wrong =
            app.send(
                HttpRequest.newBuilder(app.uri(path))
                    .header("Authorization", "Bearer " + wrongToken)
                    .GET());
        HttpResponse<String> right = app.get(path);
        requests += 3;
        assertRefused(none, 401, path + " without a token");
        assertThat(wrong.statusCode()).as(path + " with a wrong token").isIn(401, 403);
        assertThat(wrong.body()).doesNotContain(wrongToken);
        assertThat(right.statusCode()).as(path + " with the read token").isNotIn(401, 403);
      }
    } finally {
      root.detachAppender(captured);
      root.setLevel(rootLevel);
    }

    List<String> lines = lines(captured);
    refusals.forEach(r -> System.out.println("KeysNotLoggedIT: " + r));
    System.out.printf(
        "[keys-in-logs] %d requests (no key, wrong keys, the read token on admin, the right keys), "
            + "%d log lines at DEBUG (start to stop) searched for the admin key, the read token, the dashboard token and the wrong ones%n",
        requests, lines.size());
    assertThat(lines).as("the capture works").isNotEmpty();
    for (String secret :
        List.of(
            ScoringApp.ADMIN_KEY, ScoringApp.READ_TOKEN, wrongKey, wrongToken, dashboardToken)) {
      assertThat(lines).as("lines with " + secret).noneMatch(l -> l.contains(secret));
    }
  }

  private static HttpRequest.Builder request(ScoringApp app, String[] endpoint) {
    return HttpRequest.newBuilder(app.uri(endpoint[1]))
        .method(endpoint[0], HttpRequest.BodyPublishers.noBody());
  }

  private static void assertRefused(HttpResponse<String> response, int status, String what) {
    assertThat(response.statusCode()).as(what).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .as(what)
        .hasValue("application/problem+json");
  }

  private static List<String> lines(ListAppender<ILoggingEvent> captured) {
    List<ILoggingEvent> events;
    synchronized (captured) {
      events = List.copyOf(captured.list);
    }
    return events.stream()
        .map(
            e ->
                e.getLevel()
                    + " "
                    + e.getLoggerName()
                    + " - "
                    + e.getFormattedMessage()
                    + " "
                    + e.getMDCPropertyMap()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
        .toList();
  }
}
