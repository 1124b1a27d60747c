package io.leadpipe.service.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class KeyOwnerRouterTest {

  /** The feature's 503 exception in a real service. */
  static final class Unavailable extends RuntimeException {
    Unavailable(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  private static final HostInfo SELF = new HostInfo("10.0.0.1", 8082);
  private static final HostInfo OTHER = new HostInfo("10.0.0.2", 8082);

  private final KeyOwnerRouter router =
      new KeyOwnerRouter(
          Optional::empty, () -> Optional.of(SELF), Duration.ofSeconds(2), Unavailable::new);

  private static KeyQueryMetadata ownedBy(HostInfo host, int partition) {
    return new KeyQueryMetadata(host, Set.of(), partition);
  }

  @Test
  void aKeyHostedHereIsReadHereFromItsPartition() {
    assertThat(router.decide("profiles", ownedBy(SELF, 3), SELF, false))
        .isEqualTo(new KeyOwnerRouter.Here(3));
    assertThat(router.decide("profiles", ownedBy(SELF, 3), SELF, true))
        .isEqualTo(new KeyOwnerRouter.Here(3));
  }

  @Test
  void aKeyHostedElsewhereIsPassedOnOnce() {
    assertThat(router.decide("profiles", ownedBy(OTHER, 1), SELF, false))
        .isEqualTo(new KeyOwnerRouter.There(OTHER));
  }

  @Test
  void aForwardedRequestForAKeyHostedElsewhereIsNotPassedOnAgain() {
    assertThatThrownBy(() -> router.decide("profiles", ownedBy(OTHER, 1), SELF, true))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("moving between instances");
  }

  @Test
  void anUnknownOwnerIsUnavailable() {
    assertThatThrownBy(() -> router.decide("profiles", KeyQueryMetadata.NOT_AVAILABLE, SELF, false))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("not known right now");
    assertThatThrownBy(() -> router.decide("profiles", null, SELF, false))
        .isInstanceOf(Unavailable.class);
  }

  @Test
  void nothingIsRoutedBeforeTheStoresAreLoaded() {
    assertThatThrownBy(() -> router.route("profiles", "v-1", false))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("not loaded yet");
  }

  @Test
  void aForwardIsMarkedAndCarriesTheCallersCredentials() throws IOException {
    HttpServer owner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    Map<String, String> seen = new HashMap<>();
    owner.createContext(
        "/",
        exchange -> {
          seen.put("path", exchange.getRequestURI().getRawPath());
          seen.put(
              "forwarded", exchange.getRequestHeaders().getFirst(KeyOwnerRouter.FORWARDED_HEADER));
          seen.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
          seen.put("operator", exchange.getRequestHeaders().getFirst("X-Operator"));
          byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    owner.start();
    try {
      Map<String, String> headers = new HashMap<>();
      headers.put("Authorization", "Bearer t");
      headers.put("X-Operator", null);
      var answer =
          router.forward(
              new HostInfo("127.0.0.1", owner.getAddress().getPort()),
              "/v1/profiles/" + KeyOwnerRouter.encode("a b/c"),
              headers);

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(seen)
          .containsEntry("path", "/v1/profiles/a%20b%2Fc")
          .containsEntry("forwarded", "true")
          .containsEntry("authorization", "Bearer t")
          .containsEntry("operator", null);
    } finally {
      owner.stop(0);
    }
  }

  @Test
  void anOwnerThatDoesNotAnswerIsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    assertThatThrownBy(
            () -> router.forward(new HostInfo("127.0.0.1", closedPort), "/v1/profiles/x", Map.of()))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("did not answer");
  }
}
