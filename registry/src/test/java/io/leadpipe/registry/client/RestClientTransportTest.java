package io.leadpipe.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadpipe.registry.serde.AvroSerdeConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Auth, retries and fail-over, against a scripted HTTP server. */
class RestClientTransportTest {
  private static final String SCHEMA_ANSWER = "{\"schema\":\"\\\"string\\\"\"}";
  private HttpServer server;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final List<String> accepts = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
    accepts.add(String.valueOf(exchange.getRequestHeaders().getFirst("Accept")));
    boolean fail = failuresLeft.getAndDecrement() > 0;
    byte[] body =
        (fail ? "{\"error_code\":50003,\"message\":\"busy\"}" : SCHEMA_ANSWER)
            .getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private SchemaRegistryClient client(Map<String, Object> extra, String url) {
    Map<String, Object> config =
        new java.util.HashMap<>(
            Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, url,
                AvroSerdeConfig.RETRY_BACKOFF_MS, 1,
                AvroSerdeConfig.MAX_RETRIES, 2));
    config.putAll(extra);
    return SchemaRegistryClients.fromConfig(config);
  }

  private static String basic(String userInfo) {
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sendsBasicAuthFromUserInfoConfig() {
    client(
            Map.of(
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                "USER_INFO",
                AvroSerdeConfig.BASIC_AUTH_USER_INFO,
                "svc:s3cret"),
            url())
        .getById(1);

    assertThat(authorizations).containsExactly(basic("svc:s3cret"));
    assertThat(accepts.get(0))
        .contains("application/vnd.schemaregistry.v1+json")
        .contains("application/json");
  }

  @Test
  void sendsBasicAuthFromTheUrlsUserInfo() {
    client(Map.of(), "http://svc:pw@127.0.0.1:" + server.getAddress().getPort()).getById(1);

    assertThat(authorizations).containsExactly(basic("svc:pw"));
  }

  @Test
  void retriesA503ThenSucceeds() {
    failuresLeft.set(1);

    assertThat(client(Map.of(), url()).getById(1)).isEqualTo("\"string\"");
    assertThat(requests).hasValue(2);
  }

  @Test
  void givesUpAfterTheRetryBudgetWithAServerException() {
    failuresLeft.set(10);

    assertThatThrownBy(() -> client(Map.of(), url()).getById(1))
        .isInstanceOf(SchemaRegistryException.SchemaRegistryServerException.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(50003))
        .satisfies(e -> assertThat(((SchemaRegistryException) e).isTransient()).isTrue())
        .satisfies(e -> assertThat(((SchemaRegistryException) e).registryAnswered()).isFalse());
    // first attempt + 2 retries
    assertThat(requests).hasValue(3);
  }

  @Test
  void doesNotRetryClientErrors() {
    server.removeContext("/");
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          byte[] body =
              "{\"error_code\":40403,\"message\":\"Schema 1 not found\"}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(404, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });

    assertThatThrownBy(() -> client(Map.of(), url()).getById(1))
        .isInstanceOf(SchemaRegistryException.SchemaNotFoundException.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).isTransient()).isFalse())
        .satisfies(e -> assertThat(((SchemaRegistryException) e).registryAnswered()).isTrue());
    assertThat(requests).hasValue(1);
  }

  @Test
  void failsOverToTheNextUrlWhenOneIsDown() throws IOException {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }

    assertThat(client(Map.of(), "http://127.0.0.1:" + deadPort + "," + url()).getById(1))
        .isEqualTo("\"string\"");
    assertThat(requests).hasValue(1);
  }
}
