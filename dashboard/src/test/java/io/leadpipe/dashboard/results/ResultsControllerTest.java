package io.leadpipe.dashboard.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.leadpipe.dashboard.admin.AdminApiClient;
import io.leadpipe.dashboard.admin.AdminApis;
import io.leadpipe.dashboard.query.QueryApiClient;
import io.micronaut.http.HttpResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The "What works" calls go to their one fixed path each: the notifier's strategy results with the
 * operator's admin key, the query API's reason accuracy with the dashboard's read token; answers
 * come back as they are, and what is not passed on is refused with a problem.
 */
class ResultsControllerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String TOKEN = "dashboard-read-token";

  private final List<String> asked = Collections.synchronizedList(new ArrayList<>());
  private final List<HttpServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  /**
   * A service that notes what it was asked (path, query, key or token) and answers {@code body}.
   */
  private String service(int status, String body) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          asked.add(
              exchange.getRequestURI()
                  + " key="
                  + exchange.getRequestHeaders().getFirst("X-Admin-Key")
                  + " auth="
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    servers.add(server);
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private ResultsController controller(String notifierUrl, String queryUrl) {
    return new ResultsController(
        new AdminApis(new AdminApiClient("", TIMEOUT), new AdminApiClient(notifierUrl, TIMEOUT)),
        new QueryApiClient(queryUrl, TOKEN, TIMEOUT));
  }

  @Test
  void strategyResultsAreReadWithTheOperatorsKeyAndPassedOn() throws IOException {
    String results = "{\"results\":[{\"strategyId\":\"cart-rescue\"}]}";
    ResultsController c = controller(service(200, results), "");

    HttpResponse<?> answer = c.strategies("operator-key");

    assertThat(answer.getStatus().getCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo(results);
    assertThat(asked).containsExactly("/admin/strategy-results key=operator-key auth=null");
  }

  @Test
  void withoutAnAdminKeyNothingIsAsked() throws IOException {
    ResultsController c = controller(service(200, "{}"), "");

    assertThat(c.strategies(null).getStatus().getCode()).isEqualTo(401);
    assertThat(c.strategies(" ").getStatus().getCode()).isEqualTo(401);
    assertThat(asked).isEmpty();
  }

  @Test
  void aNotifierThatDoesNotAnswerIsAProblemNotAnEmptyList() {
    ResultsController c = controller("http://127.0.0.1:9", "");

    assertThat(c.strategies("operator-key").getStatus().getCode()).isEqualTo(503);
  }

  @Test
  void reasonAccuracyIsReadWithTheReadTokenForOneSegmentOrAll() throws IOException {
    String accuracy = "{\"answered\":10,\"correct\":7}";
    ResultsController c = controller("", service(200, accuracy));

    HttpResponse<?> all = c.reasonAccuracy(null);
    HttpResponse<?> hot = c.reasonAccuracy("hot-prospects");

    assertThat(all.body()).isEqualTo(accuracy);
    assertThat(hot.getStatus().getCode()).isEqualTo(200);
    assertThat(asked)
        .containsExactly(
            "/v1/reasons/accuracy key=null auth=Bearer " + TOKEN,
            "/v1/reasons/accuracy?segment=hot-prospects key=null auth=Bearer " + TOKEN);
  }

  @Test
  void aSegmentThatIsNotAnIdIsRefusedHere() throws IOException {
    ResultsController c = controller("", service(200, "{}"));

    HttpResponse<?> refused = c.reasonAccuracy("../admin/segments?x=1");

    assertThat(refused.getStatus().getCode()).isEqualTo(400);
    assertThat(new String((byte[]) refused.body(), StandardCharsets.UTF_8)).contains("\"segment\"");
    assertThat(asked).isEmpty();
  }
}
