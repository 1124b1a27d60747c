package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a listing is merged per partition while instances restart: each partition from its active
 * copy, else a standby's (stale), else missing; the coverage says which, and only a listing with no
 * partition read at all is refused. Peers are plain HTTP servers; this instance's stores a stub
 * that holds one visitor per partition, at stage VISITOR.
 */
class ListingsCoverageTest {

  /**
   * Generous: no peer here hangs (a peer down refuses the connection at once), so the timeout only
   * bounds a cold first request on a loaded machine, which must not look like a peer not answering.
   */
  private static final Duration PEER_TIMEOUT = Duration.ofSeconds(30);

  private static final HostInfo SELF = PlacedLocalProfiles.SELF;

  private final JsonMapper json = JsonMapper.createDefault();
  private final QuerySettings settings =
      QuerySettingsTest.with(Duration.ofSeconds(2), PEER_TIMEOUT, Duration.ofSeconds(1));
  private final Peers peers = new Peers(settings, json);
  private final List<HttpServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
    peers.close();
  }

  /** This instance: partitions in {@code active} read as active, {@code copies} read stale. */
  private static final class Here extends PlacedLocalProfiles {
    private final Set<Integer> active;
    private final Set<Integer> copies;
    final List<Collection<Integer>> asked = new ArrayList<>();

    Here(TreeMap<Integer, Replicas> placement, Set<Integer> active, Set<Integer> copies) {
      super(placement);
      this.active = active;
      this.copies = copies;
    }

    @Override
    public List<Integer> activePartitions() {
      return List.copyOf(new TreeSet<>(active));
    }

    @Override
    public <T> PartitionRead<T> read(
        Collection<Integer> partitions,
        boolean allowStale,
        ProspectSort sort,
        BiFunction<TallyCounts, List<ProspectIndex.Partition>, T> reader) {
      asked.add(List.copyOf(partitions));
      SortedSet<Integer> read = new TreeSet<>();
      SortedSet<Integer> stale = new TreeSet<>();
      for (int p : partitions) {
        if (active.contains(p)) {
          read.add(p);
        } else if (allowStale && copies.contains(p)) {
          read.add(p);
          stale.add(p);
        }
      }
      return new PartitionRead<>(
          reader.apply(oneVisitorEach(read), List.of()),
          Collections.unmodifiableSortedSet(read),
          Collections.unmodifiableSortedSet(stale));
    }
  }

  private static TallyCounts oneVisitorEach(Collection<Integer> partitions) {
    List<KeyValue<String, Long>> counters = new ArrayList<>();
    partitions.forEach(p -> counters.add(KeyValue.pair("facets|VISITOR", 1L)));
    return TallyCounts.sum(counters.iterator());
  }

  /** A peer that answers for every partition asked, from its active copy. */
  private HostInfo peerAnswering() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String asked = exchange.getRequestHeaders().getFirst(Peers.PARTITIONS_HEADER);
          byte[] body =
              json.writeValueAsBytes(oneVisitorEach(Peers.parsePartitions(asked)).funnel());
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.getResponseHeaders().add(Peers.READ_PARTITIONS_HEADER, asked);
          exchange.getResponseHeaders().add(Peers.STALE_PARTITIONS_HEADER, "");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    servers.add(server);
    return new HostInfo("127.0.0.1", server.getAddress().getPort());
  }

  /** A peer that answers 200 without naming the partitions it read (an older version). */
  private HostInfo peerNotNamingPartitions() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = json.writeValueAsBytes(oneVisitorEach(List.of(0, 1, 2, 3)).funnel());
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    servers.add(server);
    return new HostInfo("127.0.0.1", server.getAddress().getPort());
  }

  private static HostInfo peerDown() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return new HostInfo("127.0.0.1", socket.getLocalPort());
    }
  }

  /** Partitions 0, 1 active here; 2, 3 active on {@code other}, standby here when asked. */
  private static TreeMap<Integer, LocalProfiles.Replicas> halfEach(
      HostInfo other, boolean standbysHere) {
    TreeMap<Integer, LocalProfiles.Replicas> placement = new TreeMap<>();
    List<HostInfo> standbyOfOther = standbysHere ? List.of(SELF) : List.of();
    placement.put(0, new LocalProfiles.Replicas(SELF, List.of(other)));
    placement.put(1, new LocalProfiles.Replicas(SELF, List.of(other)));
    placement.put(2, new LocalProfiles.Replicas(other, standbyOfOther));
    placement.put(3, new LocalProfiles.Replicas(other, standbyOfOther));
    return placement;
  }

  private Listings listings(LocalProfiles here) {
    return new Listings(here, peers, settings, null, ScoringConfig.defaults());
  }

  @Test
  void everyPartitionFromItsActiveCopyIsACurrentListing() throws IOException {
    HostInfo other = peerAnswering();
    Here here = new Here(halfEach(other, true), Set.of(0, 1), Set.of(2, 3));

    Funnel funnel = listings(here).funnel(null);

    assertThat(funnel.total()).isEqualTo(4);
    assertThat(funnel.coverage()).isEqualTo(new Coverage(4, List.of(), List.of()));
    assertThat(funnel.coverage().current()).isTrue();
    assertThat(here.asked).containsExactly(List.of(0, 1));
  }

  @Test
  void theActiveInstanceDownItsPartitionsComeFromTheStandbyHereMarkedStale() throws IOException {
    Here here = new Here(halfEach(peerDown(), true), Set.of(0, 1), Set.of(2, 3));

    Funnel funnel = listings(here).funnel(null);

    assertThat(funnel.total()).isEqualTo(4);
    assertThat(funnel.coverage()).isEqualTo(new Coverage(4, List.of(2, 3), List.of()));
    assertThat(here.asked).containsExactly(List.of(0, 1), List.of(2, 3));
  }

  @Test
  void aPartitionWithoutACopyThatAnswersIsMissingNotSilentlyLeftOut() throws IOException {
    Here here = new Here(halfEach(peerDown(), false), Set.of(0, 1), Set.of());

    Funnel funnel = listings(here).funnel(null);

    assertThat(funnel.total()).isEqualTo(2);
    assertThat(funnel.coverage()).isEqualTo(new Coverage(4, List.of(), List.of(2, 3)));
  }

  @Test
  void theActiveCopyHereUnreadableAsActiveIsReadStaleAndAPeerStandbyIsNotNeeded()
      throws IOException {
    HostInfo other = peerAnswering();
    // Partition 1 is active here but its task is restoring: only its stale copy can be read
    Here here = new Here(halfEach(other, false), Set.of(0), Set.of(1));

    Funnel funnel = listings(here).funnel(null);

    assertThat(funnel.total()).isEqualTo(4);
    assertThat(funnel.coverage()).isEqualTo(new Coverage(4, List.of(1), List.of()));
  }

  @Test
  void aPeerThatDoesNotNameItsPartitionsIsNotCountedTwice() throws IOException {
    Here here = new Here(halfEach(peerNotNamingPartitions(), true), Set.of(0, 1), Set.of(2, 3));

    Funnel funnel = listings(here).funnel(null);

    assertThat(funnel.total()).isEqualTo(4);
    assertThat(funnel.coverage()).isEqualTo(new Coverage(4, List.of(2, 3), List.of()));
  }

  @Test
  void noPartitionReadAtAllIsUnavailable() throws IOException {
    HostInfo down = peerDown();
    TreeMap<Integer, LocalProfiles.Replicas> placement = new TreeMap<>();
    placement.put(0, new LocalProfiles.Replicas(down, List.of()));
    Here here = new Here(placement, Set.of(), Set.of());

    assertThatThrownBy(() -> listings(here).funnel(null))
        .isInstanceOf(QueryUnavailableException.class)
        .hasMessageContaining("no instance holding the profiles answered");
  }

  @Test
  void anInstanceAskedWithoutPartitionsAnswersForItsActiveOnesOnly() {
    Here here = new Here(new TreeMap<>(), Set.of(0, 1), Set.of(2, 3));

    LocalProfiles.PartitionRead<Funnel> share = listings(here).localFunnel(null);

    assertThat(share.read()).containsExactly(0, 1);
    assertThat(share.stale()).isEmpty();
    assertThat(share.value().total()).isEqualTo(2);
  }

  @Test
  void theRoundsGoFromTheActiveCopyToEachStandbyInTurnThenMissing() {
    HostInfo a = new HostInfo("a", 1);
    HostInfo b = new HostInfo("b", 1);
    TreeMap<Integer, LocalProfiles.Replicas> placement = new TreeMap<>();
    placement.put(0, new LocalProfiles.Replicas(a, List.of(b)));
    placement.put(1, new LocalProfiles.Replicas(b, List.of(a)));
    placement.put(2, new LocalProfiles.Replicas(null, List.of(a)));
    Map<Integer, Integer> tried = new java.util.HashMap<>();
    SortedSet<Integer> missing = new TreeSet<>();

    assertThat(Listings.nextRound(placement, new TreeSet<>(List.of(0, 1, 2)), tried, missing))
        .isEqualTo(Map.of(a, List.of(0, 2), b, List.of(1)));
    assertThat(Listings.nextRound(placement, new TreeSet<>(List.of(0, 2)), tried, missing))
        .isEqualTo(Map.of(b, List.of(0)));
    assertThat(missing).containsExactly(2);
    assertThat(Listings.nextRound(placement, new TreeSet<>(List.of(0)), tried, missing)).isEmpty();
    assertThat(missing).containsExactly(0, 2);
  }
}
