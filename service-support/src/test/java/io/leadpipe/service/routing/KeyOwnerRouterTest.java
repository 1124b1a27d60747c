package io.leadpipe.service.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
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

  /**
   * Generous: no instance here hangs (one down refuses the connection at once), so the timeout only
   * bounds a cold first request on a loaded machine, which must not look like an instance not
   * answering.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final KeyOwnerRouter router =
      new KeyOwnerRouter(Optional::empty, () -> Optional.of(SELF), TIMEOUT, Unavailable::new);

  private static final HostInfo THIRD = new HostInfo("10.0.0.3", 8082);

  private static KeyQueryMetadata ownedBy(HostInfo host, int partition) {
    return new KeyQueryMetadata(host, Set.of(), partition);
  }

  private static KeyQueryMetadata replicated(HostInfo active, int partition, HostInfo... standbys) {
    return new KeyQueryMetadata(active, Set.of(standbys), partition);
  }

  // --- plan: active first, then standbys (own copy before others), forwarded requests stay here

  @Test
  void theActiveCopyHereIsReadFirstThenItsStaleSelfThenOtherStandbys() {
    assertThat(router.plan("profiles", replicated(SELF, 2, OTHER), SELF, false))
        .containsExactly(
            new KeyOwnerRouter.Here(2),
            new KeyOwnerRouter.Stale(2),
            new KeyOwnerRouter.There(OTHER));
  }

  @Test
  void aForwardedRequestForTheActiveCopyHereIsReadOnlyHere() {
    assertThat(router.plan("profiles", replicated(SELF, 2, OTHER), SELF, true))
        .containsExactly(new KeyOwnerRouter.Here(2), new KeyOwnerRouter.Stale(2));
  }

  @Test
  void aStandbyHereAsksTheActiveFirstThenReadsItsOwnCopyBeforeOtherStandbys() {
    assertThat(router.plan("profiles", replicated(OTHER, 4, THIRD, SELF), SELF, false))
        .containsExactly(
            new KeyOwnerRouter.There(OTHER),
            new KeyOwnerRouter.Stale(4),
            new KeyOwnerRouter.There(THIRD));
  }

  @Test
  void aForwardedRequestForAStandbyHereIsReadFromTheStandby() {
    assertThat(router.plan("profiles", replicated(OTHER, 4, SELF), SELF, true))
        .containsExactly(new KeyOwnerRouter.Stale(4));
  }

  @Test
  void withoutACopyHereTheActiveThenEveryStandbyIsAskedInAStableOrder() {
    assertThat(
            router.plan(
                "profiles", replicated(OTHER, 1, THIRD, new HostInfo("10.0.0.0", 1)), SELF, false))
        .containsExactly(
            new KeyOwnerRouter.There(OTHER),
            new KeyOwnerRouter.There(new HostInfo("10.0.0.0", 1)),
            new KeyOwnerRouter.There(THIRD));
  }

  @Test
  void aPartitionWithoutAnActiveInstanceIsReadFromItsStandbys() {
    assertThat(
            router.plan(
                "profiles", replicated(HostInfo.unavailable(), 1, OTHER, SELF), SELF, false))
        .containsExactly(new KeyOwnerRouter.Stale(1), new KeyOwnerRouter.There(OTHER));
  }

  @Test
  void aForwardedRequestWithoutACopyHereIsNotPassedOnAgain() {
    assertThatThrownBy(() -> router.plan("profiles", replicated(OTHER, 1, THIRD), SELF, true))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("moving between instances");
  }

  @Test
  void anUnknownKeyPlacementCannotBePlanned() {
    assertThatThrownBy(() -> router.plan("profiles", KeyQueryMetadata.NOT_AVAILABLE, SELF, false))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("not known right now");
  }

  @Test
  void noPlanBeforeTheStoresAreLoaded() {
    assertThatThrownBy(() -> router.plan("profiles", "v-1", false))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("not loaded yet");
  }

  // --- answer: each route in turn until one answers

  private static HttpServer answering(int status, String body, Map<String, String> headers)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static HostInfo at(HttpServer server) {
    return new HostInfo("127.0.0.1", server.getAddress().getPort());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static KeyOwnerRouter.LocalRead<String> migrating() {
    return (partition, stale) -> {
      throw new InvalidStateStoreException("partition " + partition + " is migrating");
    };
  }

  @Test
  void anActiveThatDoesNotAnswerFallsBackToTheLocalStandby() throws IOException {
    List<String> reads = new ArrayList<>();
    KeyOwnerRouter.Answer<String> answer =
        router.follow(
            List.of(
                new KeyOwnerRouter.There(new HostInfo("127.0.0.1", closedPort())),
                new KeyOwnerRouter.Stale(4)),
            "profiles",
            (partition, stale) -> {
              reads.add(partition + (stale ? " stale" : " active"));
              return "from the standby";
            },
            "/v1/profiles/x",
            Map.of());

    assertThat(answer).isEqualTo(new KeyOwnerRouter.Read<>("from the standby", 4, true));
    assertThat(reads).containsExactly("4 stale");
  }

  @Test
  void anActiveHereThatCannotBeReadAsActiveIsReadStale() {
    KeyOwnerRouter.Answer<String> answer =
        router.follow(
            List.of(new KeyOwnerRouter.Here(3), new KeyOwnerRouter.Stale(3)),
            "profiles",
            (partition, stale) -> {
              if (!stale) {
                throw new InvalidStateStoreException("thread is PARTITIONS_ASSIGNED, not RUNNING");
              }
              return "restoring copy";
            },
            "/v1/profiles/x",
            Map.of());

    assertThat(answer).isEqualTo(new KeyOwnerRouter.Read<>("restoring copy", 3, true));
  }

  @Test
  void anInstanceTakingPartitionsOverIsAskedAgainUntilItsCopyExists() {
    AtomicInteger reads = new AtomicInteger();
    KeyOwnerRouter.Answer<String> answer =
        router.followAgainWhileRebalancing(
            () -> List.of(new KeyOwnerRouter.Here(5), new KeyOwnerRouter.Stale(5)),
            "profiles",
            (partition, stale) -> {
              // Two passes (active and stale each) before the task exists.
              if (reads.incrementAndGet() <= 4) {
                throw new InvalidStateStoreException(
                    "The specified partition 5 for store profiles does not exist.");
              }
              return "taken over";
            },
            "/v1/profiles/x",
            Map.of());

    assertThat(answer).isEqualTo(new KeyOwnerRouter.Read<>("taken over", 5, false));
    assertThat(reads).hasValue(5);
  }

  @Test
  void copiesHereThatStayUnreadableAnswerUnavailableAtTheTimeout() {
    Duration timeout = KeyOwnerRouter.REBALANCE_PAUSE.multipliedBy(3);
    KeyOwnerRouter impatient =
        new KeyOwnerRouter(Optional::empty, () -> Optional.of(SELF), timeout, Unavailable::new);
    AtomicInteger passes = new AtomicInteger();

    assertThatThrownBy(
            () ->
                impatient.followAgainWhileRebalancing(
                    () -> {
                      passes.incrementAndGet();
                      return List.of(new KeyOwnerRouter.Stale(5));
                    },
                    "profiles",
                    (partition, stale) -> {
                      throw new InvalidStateStoreException("PARTITIONS_ASSIGNED, not RUNNING");
                    },
                    "/v1/profiles/x",
                    Map.of()))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("no copy of profiles could answer");
    assertThat(passes.get()).isBetween(2, 4);
  }

  @Test
  void aServerErrorMovesOnToTheNextStandbyAndItsStaleAnswerIsRelayed() throws IOException {
    HttpServer active = answering(503, "{\"detail\":\"moving\"}", Map.of());
    HttpServer standby =
        answering(
            200,
            "{}",
            Map.of(KeyOwnerRouter.STALE_HEADER, "true", "Content-Type", "application/json"));
    try {
      KeyOwnerRouter.Answer<String> answer =
          router.follow(
              List.of(new KeyOwnerRouter.There(at(active)), new KeyOwnerRouter.There(at(standby))),
              "profiles",
              migrating(),
              "/v1/profiles/x",
              Map.of());

      assertThat(answer).isInstanceOf(KeyOwnerRouter.Relayed.class);
      var relayed = KeyOwnerRouter.relay(((KeyOwnerRouter.Relayed<String>) answer).response());
      assertThat(relayed.getStatus().getCode()).isEqualTo(200);
      assertThat(relayed.getHeaders().get(KeyOwnerRouter.STALE_HEADER)).isEqualTo("true");
    } finally {
      active.stop(0);
      standby.stop(0);
    }
  }

  @Test
  void aClientErrorIsAnAnswerNotAFailure() throws IOException {
    HttpServer active = answering(404, "{}", Map.of());
    List<Integer> localReads = new ArrayList<>();
    try {
      KeyOwnerRouter.Answer<String> answer =
          router.follow(
              List.of(new KeyOwnerRouter.There(at(active)), new KeyOwnerRouter.Stale(1)),
              "profiles",
              (partition, stale) -> {
                localReads.add(partition);
                return "stale";
              },
              "/v1/profiles/x",
              Map.of());

      assertThat(((KeyOwnerRouter.Relayed<String>) answer).response().statusCode()).isEqualTo(404);
      assertThat(localReads).isEmpty();
    } finally {
      active.stop(0);
    }
  }

  @Test
  void whenNoCopyAnswersTheFailureNamesWhatEachSaid() throws IOException {
    int down = closedPort();
    assertThatThrownBy(
            () ->
                router.follow(
                    List.of(
                        new KeyOwnerRouter.There(new HostInfo("127.0.0.1", down)),
                        new KeyOwnerRouter.Stale(5)),
                    "profiles",
                    migrating(),
                    "/v1/profiles/x",
                    Map.of()))
        .isInstanceOf(Unavailable.class)
        .hasMessageContaining("no copy of profiles could answer")
        .hasMessageContaining("127.0.0.1:" + down + " did not answer")
        .hasMessageContaining("partition 5 is migrating");
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
