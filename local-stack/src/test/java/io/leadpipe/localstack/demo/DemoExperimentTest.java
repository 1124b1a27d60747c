package io.leadpipe.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo gives the seeded default strategies a holdout, as an operator would. */
class DemoExperimentTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "dev-admin-key";
  private static final double HOLDOUT = 0.2;

  private HttpServer notifier;
  private final Map<String, JsonNode> puts = new ConcurrentHashMap<>();
  private final AtomicInteger listings = new AtomicInteger();
  private volatile String strategies;

  @BeforeEach
  void fakeNotifier() throws IOException {
    notifier = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    notifier.createContext(
        "/admin/strategies",
        exchange -> {
          int status;
          byte[] body;
          if (!KEY.equals(exchange.getRequestHeaders().getFirst("X-Admin-Key"))) {
            status = 401;
            body = new byte[0];
          } else if ("GET".equals(exchange.getRequestMethod())) {
            // Still loading at first, as a notifier seeding its defaults in the background.
            boolean loading = listings.incrementAndGet() == 1;
            status = loading ? 503 : 200;
            body = (loading ? "{}" : strategies).getBytes(StandardCharsets.UTF_8);
          } else {
            String id = exchange.getRequestURI().getPath().substring("/admin/strategies/".length());
            puts.put(id, JSON.readTree(exchange.getRequestBody()));
            status = 200;
            body = "{}".getBytes(StandardCharsets.UTF_8);
          }
          exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
          if (body.length > 0) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    notifier.start();
  }

  @AfterEach
  void stop() {
    notifier.stop(0);
  }

  @Test
  void seededDefaultsGetAHoldoutAndWhatAnOperatorEditedIsLeftAlone() throws Exception {
    strategies =
        """
        {"strategies":[
          {"strategyId":"default-cart-abandoned","name":"Default: cart abandoned","holdoutShare":0.0,
           "version":1,"updatedAt":"2026-12-03T10:00:00Z","updatedBy":"defaults","steps":[]},
          {"strategyId":"default-price-watching","name":"Default: price watching","holdoutShare":0.0,
           "version":3,"updatedAt":"2026-12-03T10:00:00Z","updatedBy":"operator","steps":[]},
          {"strategyId":"price-vip","name":"VIPs","holdoutShare":0.0,"version":1,"steps":[]}]}
        """;

    List<String> heldOut =
        experiment().holdOut(Duration.ofSeconds(10), Duration.ofMillis(20), Clock.systemUTC());

    assertThat(heldOut).containsExactly("default-cart-abandoned");
    JsonNode sent = puts.get("default-cart-abandoned");
    assertThat(sent.path("holdoutShare").asDouble()).isEqualTo(HOLDOUT);
    assertThat(sent.path("name").asText()).isEqualTo("Default: cart abandoned");
    assertThat(sent.has("version") || sent.has("updatedAt") || sent.has("updatedBy")).isFalse();
    assertThat(puts).containsOnlyKeys("default-cart-abandoned");
  }

  @Test
  void withoutDefaultsInTimeItSaysSo() {
    strategies = "{\"strategies\":[]}";

    assertThatThrownBy(
            () ->
                experiment()
                    .holdOut(Duration.ofMillis(200), Duration.ofMillis(20), Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not appear");
  }

  private DemoExperiment experiment() {
    return new DemoExperiment(
        URI.create("http://127.0.0.1:" + notifier.getAddress().getPort()),
        KEY,
        HOLDOUT,
        Duration.ofSeconds(5));
  }
}
