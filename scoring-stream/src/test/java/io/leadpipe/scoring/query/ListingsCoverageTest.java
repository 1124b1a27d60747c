package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.scoring.topology.ScoringConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
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

  private static final HostInfo SELF = FakeInstances.SELF;

  private final FakeInstances instances = new FakeInstances();

  @AfterEach
  void stop() {
    instances.close();
  }

  /** This instance: partitions in {@code active} read as active, {@code copies} read stale. */
  private static FakeInstances.Here here(
      TreeMap<Integer, LocalProfiles.Replicas> placement,
      Set<Integer> active,
      Set<Integer> copies) {
    return new FakeInstances.Here(placement, active, copies, ListingsCoverageTest::oneVisitorEach);
  }

  private static TallyCounts oneVisitorEach(Collection<Integer> partitions) {
    List<KeyValue<String, Long>> counters = new ArrayList<>();
    partitions.forEach(p -> counters.add(KeyValue.pair("stage|VISITOR", 1L)));
    return TallyCounts.sum(counters.iterator());
  }

  /** A peer that answers for every partition asked, from its active copy. */
  private HostInfo peerAnswering() throws IOException {
    return instances.peer(asked -> oneVisitorEach(asked).funnel());
  }

  /** A peer that answers 200 without naming the partitions it read (an older version). */
  private HostInfo peerNotNamingPartitions() throws IOException {
    return instances.peerNotNamingPartitions(oneVisitorEach(List.of(0, 1, 2, 3)).funnel());
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
    return new Listings(here, instances.peers, instances.settings, null, ScoringConfig.defaults());
  }

  @Test
  void everyPartitionFromItsActiveCopyIsACurrentListing() throws IOException {
    HostInfo other = peerAnswering();
    FakeInstances.Here here = here(halfEach(other, true), Set.of(0, 1), Set.of(2, 3));

    Funnel funnel = listings(here).funnel(null);

    assertThat(funnel.total()).isEqualTo(4);
    assertThat(funnel.coverage()).isEqualTo(new Coverage(4, List.of(), List.of()));
    assertThat(funnel.coverage().current()).isTrue();
    assertThat(here.asked).containsExactly(List.of(0, 1));
  }

  @Test
  void theActiveInstanceDownItsPartitionsComeFromTheStandbyHereMarkedStale() throws IOException {
    FakeInstances.Here here =
        here(halfEach(FakeInstances.peerDown(), true), Set.of(0, 1), Set.of(2, 3));

    Funnel funnel = listings(here).funnel(null);

    assertThat(funnel.total()).isEqualTo(4);
    assertThat(funnel.coverage()).isEqualTo(new Coverage(4, List.of(2, 3), List.of()));
    assertThat(here.asked).containsExactly(List.of(0, 1), List.of(2, 3));
  }

  @Test
  void aPartitionWithoutACopyThatAnswersIsMissingNotSilentlyLeftOut() throws IOException {
    FakeInstances.Here here =
        here(halfEach(FakeInstances.peerDown(), false), Set.of(0, 1), Set.of());

    Funnel funnel = listings(here).funnel(null);

    assertThat(funnel.total()).isEqualTo(2);
    assertThat(funnel.coverage()).isEqualTo(new Coverage(4, List.of(), List.of(2, 3)));
  }

  @Test
  void theActiveCopyHereUnreadableAsActiveIsReadStaleAndAPeerStandbyIsNotNeeded()
      throws IOException {
    HostInfo other = peerAnswering();
    // Partition 1 is active here but its task is restoring: only its stale copy can be read
    FakeInstances.Here here = here(halfEach(other, false), Set.of(0), Set.of(1));

    Funnel funnel = listings(here).funnel(null);

    assertThat(funnel.total()).isEqualTo(4);
    assertThat(funnel.coverage()).isEqualTo(new Coverage(4, List.of(1), List.of()));
  }

  @Test
  void aPeerThatDoesNotNameItsPartitionsIsNotCountedTwice() throws IOException {
    FakeInstances.Here here =
        here(halfEach(peerNotNamingPartitions(), true), Set.of(0, 1), Set.of(2, 3));

    Funnel funnel = listings(here).funnel(null);

    assertThat(funnel.total()).isEqualTo(4);
    assertThat(funnel.coverage()).isEqualTo(new Coverage(4, List.of(2, 3), List.of()));
  }

  @Test
  void noPartitionReadAtAllIsUnavailable() throws IOException {
    HostInfo down = FakeInstances.peerDown();
    TreeMap<Integer, LocalProfiles.Replicas> placement = new TreeMap<>();
    placement.put(0, new LocalProfiles.Replicas(down, List.of()));
    FakeInstances.Here here = here(placement, Set.of(), Set.of());

    assertThatThrownBy(() -> listings(here).funnel(null))
        .isInstanceOf(QueryUnavailableException.class)
        .hasMessageContaining("no instance holding the profiles answered");
  }

  @Test
  void anInstanceAskedWithoutPartitionsAnswersForItsActiveOnesOnly() {
    FakeInstances.Here here = here(new TreeMap<>(), Set.of(0, 1), Set.of(2, 3));

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
