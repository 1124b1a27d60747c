package io.leadpipe.scoring.query;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The instances a listing is merged over, for tests of {@link Listings} without Kafka: this
 * instance's stores ({@link Here}) and the other instances as plain HTTP servers that answer their
 * share as JSON.
 */
final class FakeInstances implements AutoCloseable {

  static final HostInfo SELF = new HostInfo("127.0.0.1", 1);

  /**
   * Generous: no peer here hangs (a peer down refuses the connection at once), so the timeout only
   * bounds a cold first request on a loaded machine, which must not look like a peer not answering.
   */
  private static final Duration PEER_TIMEOUT = Duration.ofSeconds(30);

  final JsonMapper json = JsonMapper.createDefault();
  final QuerySettings settings =
      new QuerySettings(
          20, 100, 10000, Duration.ofSeconds(2), PEER_TIMEOUT, Duration.ofSeconds(1), 20, 0.5, 20);
  final Peers peers = new Peers(settings, json);

  /** The path and query of every request a peer got, in order. */
  final List<String> peerRequests = Collections.synchronizedList(new ArrayList<>());

  private final List<HttpServer> servers = new ArrayList<>();

  /**
   * This instance: partitions in {@code active} are read as active, those in {@code copies} as
   * stale copies (when stale reads are allowed); the counters of the partitions read are {@code
   * counters}' answer.
   */
  static final class Here extends LocalProfiles {
    private final TreeMap<Integer, Replicas> placement;
    private final Set<Integer> active;
    private final Set<Integer> copies;
    private final Function<Collection<Integer>, TallyCounts> counters;
    final List<Collection<Integer>> asked = new ArrayList<>();

    Here(
        TreeMap<Integer, Replicas> placement,
        Set<Integer> active,
        Set<Integer> copies,
        Function<Collection<Integer>, TallyCounts> counters) {
      super(null, null);
      this.placement = placement;
      this.active = active;
      this.copies = copies;
      this.counters = counters;
    }

    @Override
    public HostInfo self() {
      return SELF;
    }

    @Override
    public TreeMap<Integer, Replicas> placement() {
      return placement;
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
          reader.apply(counters.apply(read), List.of()),
          Collections.unmodifiableSortedSet(read),
          Collections.unmodifiableSortedSet(stale));
    }
  }

  /** A peer that answers {@code share} of the partitions asked, all from its active copies. */
  HostInfo peer(Function<Collection<Integer>, Object> share) throws IOException {
    return serve(
        exchange -> {
          String asked = exchange.getRequestHeaders().getFirst(Peers.PARTITIONS_HEADER);
          exchange.getResponseHeaders().add(Peers.READ_PARTITIONS_HEADER, asked);
          exchange.getResponseHeaders().add(Peers.STALE_PARTITIONS_HEADER, "");
          return share.apply(Peers.parsePartitions(asked));
        });
  }

  /** A peer that answers 200 without naming the partitions it read (an older version). */
  HostInfo peerNotNamingPartitions(Object share) throws IOException {
    return serve(exchange -> share);
  }

  /** An address nothing listens on: a peer that is down. */
  static HostInfo peerDown() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return new HostInfo("127.0.0.1", socket.getLocalPort());
    }
  }

  private interface Answer {
    Object body(com.sun.net.httpserver.HttpExchange exchange) throws IOException;
  }

  private HostInfo serve(Answer answer) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          peerRequests.add(
              exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery());
          byte[] body = json.writeValueAsBytes(answer.body(exchange));
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    servers.add(server);
    return new HostInfo("127.0.0.1", server.getAddress().getPort());
  }

  @Override
  public void close() {
    servers.forEach(s -> s.stop(0));
    peers.close();
  }
}
