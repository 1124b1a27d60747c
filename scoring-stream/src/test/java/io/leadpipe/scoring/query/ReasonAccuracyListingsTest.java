package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/reasons/accuracy} over two instances: this one counts its partitions from its
 * counters, the other answers its share as JSON for the same segment; the cells add up and the
 * report is made of the sum.
 */
class ReasonAccuracyListingsTest {

  private static final Duration PEER_TIMEOUT = Duration.ofSeconds(30);
  private static final HostInfo SELF = new HostInfo("127.0.0.1", 1);
  private static final String SEGMENT = "big spenders";

  private final JsonMapper json = JsonMapper.createDefault();
  private final QuerySettings settings =
      new QuerySettings(
          20,
          100,
          10000,
          Duration.ofSeconds(2),
          PEER_TIMEOUT,
          Duration.ofSeconds(1),
          20,
          0.5,
          20,
          1000);
  private final Peers peers = new Peers(settings, json);
  private final List<String> peerAskedFor = Collections.synchronizedList(new ArrayList<>());
  private HttpServer server;

  @AfterEach
  void stop() {
    server.stop(0);
    peers.close();
  }

  /** Partitions 0 and 1 here, active: one PRICE→PRICE answer in the segment on each. */
  private static final class Here extends LocalProfiles {
    private final TreeMap<Integer, Replicas> placement;

    Here(TreeMap<Integer, Replicas> placement) {
      super(null, null);
      this.placement = placement;
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
    public <T> PartitionRead<T> read(
        Collection<Integer> partitions,
        boolean allowStale,
        ProspectSort sort,
        BiFunction<TallyCounts, List<ProspectIndex.Partition>, T> reader) {
      List<KeyValue<String, Long>> counters = new ArrayList<>();
      partitions.forEach(
          p -> {
            counters.add(KeyValue.pair("reason-confusion|PRICE|PRICE|" + SEGMENT, 1L));
            counters.add(KeyValue.pair("reason-confusion|PRICE|PRICE|*", 1L));
            // Not in the segment: counted overall only.
            counters.add(KeyValue.pair("reason-confusion|NONE|OTHER|*", 1L));
          });
      return new PartitionRead<>(
          reader.apply(TallyCounts.sum(counters.iterator()), List.of()),
          Collections.unmodifiableSortedSet(new TreeSet<>(partitions)),
          Collections.unmodifiableSortedSet(new TreeSet<>()));
    }
  }

  /** The other instance: for its partitions 2 and 3, two SHIPPING→PRICE answers. */
  private HostInfo peer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          peerAskedFor.add(
              exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery());
          byte[] body =
              json.writeValueAsBytes(
                  new ReasonConfusion(List.of(new ReasonConfusion.Cell("SHIPPING", "PRICE", 2))));
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange
              .getResponseHeaders()
              .add(
                  Peers.READ_PARTITIONS_HEADER,
                  exchange.getRequestHeaders().getFirst(Peers.PARTITIONS_HEADER));
          exchange.getResponseHeaders().add(Peers.STALE_PARTITIONS_HEADER, "");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return new HostInfo("127.0.0.1", server.getAddress().getPort());
  }

  @Test
  void theSharesOfBothInstancesMakeOneMatrixOfTheSegment() throws IOException {
    HostInfo other = peer();
    TreeMap<Integer, LocalProfiles.Replicas> placement = new TreeMap<>();
    placement.put(0, new LocalProfiles.Replicas(SELF, List.of()));
    placement.put(1, new LocalProfiles.Replicas(SELF, List.of()));
    placement.put(2, new LocalProfiles.Replicas(other, List.of()));
    placement.put(3, new LocalProfiles.Replicas(other, List.of()));
    Listings listings =
        new Listings(new Here(placement), peers, settings, null, ScoringConfig.defaults());

    ReasonAccuracy a = listings.reasonAccuracy(SEGMENT, null);

    assertThat(peerAskedFor).containsExactly("/v1/reasons/accuracy?segment=big+spenders");
    assertThat(a.segment()).isEqualTo(SEGMENT);
    assertThat(a.answered()).isEqualTo(4);
    assertThat(a.correct()).isEqualTo(2);
    assertThat(a.withoutInference()).isZero();
    assertThat(a.accuracy().value()).isEqualTo(0.5);
    assertThat(a.reasons())
        .filteredOn(r -> r.reason().equals("PRICE"))
        .containsExactly(new ReasonAccuracy.ReasonScore("PRICE", 2, 4, 2, 1.0, 0.5));
    assertThat(a.coverage()).isEqualTo(new Coverage(4, List.of(), List.of()));
  }
}
