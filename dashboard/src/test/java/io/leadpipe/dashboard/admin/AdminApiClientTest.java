package io.leadpipe.dashboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.leadpipe.dashboard.query.QueryAnswer;
import io.leadpipe.service.config.ConfigBindingException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminApiClientTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  /** An admin API that records what it was sent and refuses every write with a violation. */
  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/admin/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          seen.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getRawPath()
                  + " key="
                  + exchange.getRequestHeaders().getFirst("X-Admin-Key")
                  + " type="
                  + exchange.getRequestHeaders().getFirst("Content-Type")
                  + " body="
                  + body);
          byte[] answer =
              "{\"violations\":[{\"field\":\"steps[1].delay\",\"message\":\"bad\"}]}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
          exchange.sendResponseHeaders(400, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void sendsTheOperatorsKeyAndBodyAndReturnsTheAnswerAsItCame() {
    AdminApiClient client = new AdminApiClient(url(), TIMEOUT);

    QueryAnswer answer =
        client
            .send("PUT", "/admin/strategies/price-vip", "{\"name\":\"VIP\"}", "k-123")
            .orElseThrow();

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.contentType()).isEqualTo("application/problem+json");
    assertThat(answer.body()).contains("steps[1].delay");
    assertThat(seen)
        .containsExactly(
            "PUT /admin/strategies/price-vip key=k-123 type=application/json body={\"name\":\"VIP\"}");
  }

  @Test
  void aServiceThatDoesNotAnswerOrIsNotKnownYetGivesNothing() {
    AdminApiClient notYet = new AdminApiClient("", TIMEOUT);
    assertThat(notYet.configured()).isFalse();
    assertThat(notYet.send("GET", "/admin/segments", null, "k")).isEmpty();

    String gone = url();
    server.stop(0);
    assertThat(new AdminApiClient(gone, TIMEOUT).send("GET", "/admin/segments", null, "k"))
        .isEmpty();
  }

  @Test
  void anAdminApiAddressIsCheckedAtStartUpAndAWrongOneIsNamed() {
    String property = "leadpipe.dashboard.admin-api.notifier-url";
    assertThat(AdminApiClient.checkedUrl(property, "http://notifier-service:8083/", false))
        .isEqualTo("http://notifier-service:8083");
    assertThat(AdminApiClient.checkedUrl(property, "https://n.example", false))
        .isEqualTo("https://n.example");
    assertThat(AdminApiClient.checkedUrl("x", "", true)).isEmpty();

    for (String wrong :
        List.of("notifier:8083", "ftp://n:21", "http://n:8083/admin", "http://n?x=1", "http://")) {
      assertThatThrownBy(() -> AdminApiClient.checkedUrl(property, wrong, false))
          .as(wrong)
          .isInstanceOf(ConfigBindingException.class)
          .hasMessageStartingWith(property + ": ");
    }
    assertThatThrownBy(() -> AdminApiClient.checkedUrl(property, "", false))
        .hasMessageStartingWith(property + ": must be set");
  }

  @Test
  void onlyIdsOfTheAdminApisFormReachAPath() {
    assertThat(AdminResource.validId("cart-lovers_2")).isTrue();
    assertThat(AdminResource.validId("../health")).isFalse();
    assertThat(AdminResource.validId("Cart")).isFalse();
    assertThat(AdminResource.validId("a".repeat(65))).isFalse();
    assertThat(AdminResource.validId(null)).isFalse();
  }
}
