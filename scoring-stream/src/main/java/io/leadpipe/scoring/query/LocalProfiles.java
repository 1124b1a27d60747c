package io.leadpipe.scoring.query;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * This instance's copies of the profiles ({@link Stores#PROFILE_STORE}), of the counters and
 * prospect index kept beside them ({@link Stores#TALLY_STORE}, {@link
 * Stores#PROSPECT_INDEX_STORE}), and where every partition's active and standby copies are. A
 * partition is read as active when it can be (its task active here and the stream thread RUNNING);
 * otherwise, when the caller allows, as a stale copy ({@code enableStaleStores}: a standby, or an
 * active task while it restores or the instance rebalances), and reported as such.
 */
@Singleton
public class LocalProfiles {

  /**
   * Where one partition's stores are: its active instance (null when none is known) and its standby
   * instances.
   */
  public record Replicas(HostInfo active, List<HostInfo> standbys) {}

  /**
   * What this instance read of some partitions.
   *
   * @param value computed over the partitions read
   * @param read the partitions read
   * @param stale those of them read from a copy that may lag
   */
  public record PartitionRead<T>(T value, SortedSet<Integer> read, SortedSet<Integer> stale) {}

  private final ManagedStreams scoring;
  private final PublishedProfiles published;

  public LocalProfiles(@Named(Stores.SCORING) ManagedStreams scoring, PublishedProfiles published) {
    this.scoring = scoring;
    this.published = published;
  }

  public HostInfo self() {
    return scoring
        .self()
        .orElseThrow(() -> new QueryUnavailableException("the profiles are not loaded yet"));
  }

  /**
   * The profile from this instance's copy of {@code partition}.
   *
   * @param stale read the copy whatever its state (standby, restoring)
   * @throws InvalidStateStoreException when the copy cannot be read now
   */
  public Optional<ProspectProfile> get(String visitorId, int partition, boolean stale) {
    return Optional.ofNullable(
        published.decode(
            store(
                    Stores.PROFILE_STORE,
                    QueryableStoreTypes.<String, byte[]>keyValueStore(),
                    partition,
                    stale)
                .get(visitorId)));
  }

  /**
   * Runs {@code reader} over the counters (summed) and, when {@code sort} is given, the index
   * entries of {@code sort} (one iterator per partition, in key order: one iterator over all of
   * them would run through them one after the other, not in rank order; each with the partition's
   * published profiles for the rows) of those of {@code partitions} this instance can read: as
   * active where it can, else, if {@code allowStale}, from its stale copy. A partition none of
   * whose copies here can be read is left out of the value and of {@link PartitionRead#read()}.
   */
  public <T> PartitionRead<T> read(
      Collection<Integer> partitions,
      boolean allowStale,
      ProspectSort sort,
      BiFunction<TallyCounts, List<ProspectIndex.Partition>, T> reader) {
    List<KeyValueIterator<String, ProspectFacets>> opened = new ArrayList<>();
    try {
      PartitionRead<List<PartitionView>> views =
          fold(
              partitions,
              allowStale,
              new ArrayList<>(),
              (partition, stale) -> viewOf(partition, stale, sort, opened),
              (all, own) -> {
                all.add(own);
                return all;
              });
      TallyCounts tallies =
          TallyCounts.sum(
              views.value().stream().flatMap(view -> view.counters().stream()).iterator());
      List<ProspectIndex.Partition> index =
          views.value().stream().map(PartitionView::index).filter(Objects::nonNull).toList();
      return new PartitionRead<>(reader.apply(tallies, index), views.read(), views.stale());
    } catch (InvalidStateStoreException e) {
      // A store closed while the walk ran (its task moved off this instance just now)
      throw new QueryUnavailableException("the profile store is migrating; retry", e);
    } finally {
      opened.forEach(KeyValueIterator::close);
    }
  }

  /** One partition's counters and, when a sort was asked for, its open index with its rows. */
  private record PartitionView(
      List<KeyValue<String, Long>> counters, @Nullable ProspectIndex.Partition index) {}

  /**
   * This instance's share of a match preview over those of {@code partitions} it can read (as
   * {@link #read} does: active where it can, else, if {@code allowStale}, its stale copy): per
   * partition, the profile count and {@code matcher} over the first {@code perPartition} profiles
   * of its preview sample, their rows read from the published profiles (one retired meanwhile is
   * left out).
   */
  public PartitionRead<PreviewShare> preview(
      Collection<Integer> partitions,
      boolean allowStale,
      Predicate<ProspectProfile> matcher,
      int perPartition) {
    return fold(
        partitions,
        allowStale,
        PreviewShare.NONE,
        (partition, stale) -> previewOf(partition, stale, matcher, perPartition),
        PreviewShare::plus);
  }

  /** One partition's preview share; null when this copy cannot be read now. */
  private PreviewShare previewOf(
      int partition, boolean stale, Predicate<ProspectProfile> matcher, int perPartition) {
    try {
      long profiles;
      try (KeyValueIterator<String, Long> facets =
          store(
                  Stores.TALLY_STORE,
                  QueryableStoreTypes.<String, Long>keyValueStore(),
                  partition,
                  stale)
              .prefixScan(TallyRules.FACETS, new StringSerializer())) {
        profiles = TallyCounts.sum(facets).profiles();
      }
      ReadOnlyKeyValueStore<String, byte[]> rows =
          store(
              Stores.PROFILE_STORE,
              QueryableStoreTypes.<String, byte[]>keyValueStore(),
              partition,
              stale);
      long sampled = 0;
      long matched = 0;
      try (KeyValueIterator<String, String> sample =
          store(
                  Stores.PREVIEW_SAMPLE_STORE,
                  QueryableStoreTypes.<String, String>keyValueStore(),
                  partition,
                  stale)
              .all()) {
        while (sampled < perPartition && sample.hasNext()) {
          ProspectProfile profile =
              published.decode(rows.get(PreviewSample.visitorOf(sample.next().key)));
          if (profile != null) {
            sampled++;
            if (matcher.test(profile)) {
              matched++;
            }
          }
        }
      }
      return new PreviewShare(profiles, sampled, matched);
    } catch (InvalidStateStoreException e) {
      return null;
    }
  }

  /**
   * Runs {@code reader} over every entry of another per-partition store kept beside the profiles
   * (small ones: the forecast sums, the backtest days) of those of {@code partitions} this instance
   * can read, as {@link #read} does: active where it can, else, if {@code allowStale}, its stale
   * copy. The entries of all partitions read come in one list, a key once per partition holding it.
   */
  public <V, T> PartitionRead<T> readAll(
      String storeName,
      Collection<Integer> partitions,
      boolean allowStale,
      Function<List<KeyValue<String, V>>, T> reader) {
    PartitionRead<List<KeyValue<String, V>>> entries =
        fold(
            partitions,
            allowStale,
            new ArrayList<>(),
            (partition, stale) -> this.<V>entriesOf(storeName, partition, stale),
            (all, own) -> {
              all.addAll(own);
              return all;
            });
    return new PartitionRead<>(reader.apply(entries.value()), entries.read(), entries.stale());
  }

  /** Reads one partition's copy; null when it cannot be read now. */
  @FunctionalInterface
  private interface PartitionReader<S> {
    @Nullable
    S read(int partition, boolean stale);
  }

  /**
   * Each of {@code partitions} this instance can read, read by {@code readOne} (active where it
   * can, else, if {@code allowStale}, its stale copy) and folded into {@code none} with {@code
   * plus}; the partitions read and read stale are listed beside the value.
   */
  private static <O, S> PartitionRead<S> fold(
      Collection<Integer> partitions,
      boolean allowStale,
      S none,
      PartitionReader<O> readOne,
      BiFunction<S, O, S> plus) {
    SortedSet<Integer> read = new TreeSet<>();
    SortedSet<Integer> stale = new TreeSet<>();
    S value = none;
    for (int partition : new TreeSet<>(partitions)) {
      boolean wasStale = false;
      O own = readOne.read(partition, false);
      if (own == null && allowStale) {
        own = readOne.read(partition, true);
        wasStale = true;
      }
      if (own != null) {
        value = plus.apply(value, own);
        read.add(partition);
        if (wasStale) {
          stale.add(partition);
        }
      }
    }
    return new PartitionRead<>(
        value, Collections.unmodifiableSortedSet(read), Collections.unmodifiableSortedSet(stale));
  }

  /**
   * One partition's entries of a store; null when this copy cannot be read (also when it closes
   * during the walk: its task moved off this instance just now).
   */
  private <V> List<KeyValue<String, V>> entriesOf(String storeName, int partition, boolean stale) {
    List<KeyValue<String, V>> entries = new ArrayList<>();
    try (KeyValueIterator<String, V> all =
        store(storeName, QueryableStoreTypes.<String, V>keyValueStore(), partition, stale).all()) {
      all.forEachRemaining(entries::add);
      return entries;
    } catch (InvalidStateStoreException e) {
      return null;
    }
  }

  /**
   * Reads one partition's counters (whole: they are few) and opens its index of {@code sort} (into
   * {@code opened}, to be closed by the caller), with its published profiles for the rows of the
   * prospects found; null when this copy cannot be read.
   */
  private PartitionView viewOf(
      int partition,
      boolean stale,
      ProspectSort sort,
      List<KeyValueIterator<String, ProspectFacets>> opened) {
    KeyValueIterator<String, ProspectFacets> entries = null;
    try {
      List<KeyValue<String, Long>> counters = new ArrayList<>();
      try (KeyValueIterator<String, Long> all =
          store(
                  Stores.TALLY_STORE,
                  QueryableStoreTypes.<String, Long>keyValueStore(),
                  partition,
                  stale)
              .all()) {
        all.forEachRemaining(counters::add);
      }
      if (sort == null) {
        return new PartitionView(counters, null);
      }
      ReadOnlyKeyValueStore<String, byte[]> profiles =
          store(
              Stores.PROFILE_STORE,
              QueryableStoreTypes.<String, byte[]>keyValueStore(),
              partition,
              stale);
      entries =
          store(
                  Stores.PROSPECT_INDEX_STORE,
                  QueryableStoreTypes.<String, ProspectFacets>keyValueStore(),
                  partition,
                  stale)
              .prefixScan(ProspectIndex.prefix(sort), new StringSerializer());
      opened.add(entries);
      return new PartitionView(
          counters,
          new ProspectIndex.Partition(
              entries,
              visitor -> {
                ProspectProfile profile = published.decode(profiles.get(visitor));
                return profile == null ? null : ProfileViews.summary(profile);
              }));
    } catch (InvalidStateStoreException e) {
      if (entries != null) {
        opened.remove(entries);
        entries.close();
      }
      return null;
    }
  }

  /**
   * The partitions whose counters and index are active here: the index lives in the task that reads
   * the visitor topics (it shares the profile state with aggregation), so those are the tasks
   * reading web events here.
   */
  public List<Integer> activePartitions() {
    return queryable().metadataForLocalThreads().stream()
        .flatMap(thread -> thread.activeTasks().stream())
        .flatMap(task -> task.topicPartitions().stream())
        .filter(tp -> tp.topic().equals(Topics.WEB_EVENTS.name()))
        .map(TopicPartition::partition)
        .distinct()
        .sorted()
        .toList();
  }

  /**
   * Every partition of the counters and index with the instances holding its copies, from the
   * metadata of the last assignment (also while rebalancing). Standbys are listed this instance
   * first (no hop), then by address, so every request spreads the same way.
   */
  public TreeMap<Integer, Replicas> placement() {
    HostInfo self = self();
    TreeMap<Integer, HostInfo> active = new TreeMap<>();
    TreeMap<Integer, List<HostInfo>> standbys = new TreeMap<>();
    for (StreamsMetadata client : queryable().metadataForAllStreamsClients()) {
      for (TopicPartition tp : client.topicPartitions()) {
        if (tp.topic().equals(Topics.WEB_EVENTS.name())) {
          active.put(tp.partition(), client.hostInfo());
        }
      }
      for (TopicPartition tp : client.standbyTopicPartitions()) {
        if (tp.topic().equals(Topics.WEB_EVENTS.name())) {
          standbys.computeIfAbsent(tp.partition(), p -> new ArrayList<>()).add(client.hostInfo());
        }
      }
    }
    Comparator<HostInfo> order =
        Comparator.<HostInfo, Boolean>comparing(h -> !h.equals(self))
            .thenComparing(HostInfo::host)
            .thenComparingInt(HostInfo::port);
    TreeMap<Integer, Replicas> placement = new TreeMap<>();
    TreeSet<Integer> partitions = new TreeSet<>(active.keySet());
    partitions.addAll(standbys.keySet());
    for (int partition : partitions) {
      List<HostInfo> copies = new ArrayList<>(standbys.getOrDefault(partition, List.of()));
      copies.sort(order);
      placement.put(partition, new Replicas(active.get(partition), List.copyOf(copies)));
    }
    return placement;
  }

  /** The application, while its stores can be queried: RUNNING or REBALANCING. */
  private KafkaStreams queryable() {
    KafkaStreams streams =
        scoring
            .streams()
            .orElseThrow(() -> new QueryUnavailableException("the profiles are not loaded yet"));
    KafkaStreams.State state = streams.state();
    if (!state.isRunningOrRebalancing()) {
      throw new QueryUnavailableException(
          state == KafkaStreams.State.CREATED
              ? "the profiles are not loaded yet"
              : "the profiles are not available (" + state + ")");
    }
    return streams;
  }

  /**
   * {@code partition} of {@code name} as active, or, if {@code stale}, whichever copy is here.
   *
   * @throws InvalidStateStoreException when it cannot be read now (also when the application
   *     stopped being queryable since the caller checked)
   */
  private <S> S store(String name, QueryableStoreType<S> type, int partition, boolean stale) {
    StoreQueryParameters<S> parameters =
        StoreQueryParameters.fromNameAndType(name, type).withPartition(partition);
    try {
      return queryable().store(stale ? parameters.enableStaleStores() : parameters);
    } catch (QueryUnavailableException | IllegalStateException e) {
      throw new InvalidStateStoreException(e.getMessage(), e);
    }
  }
}
