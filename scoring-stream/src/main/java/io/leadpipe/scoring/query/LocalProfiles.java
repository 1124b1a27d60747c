package io.leadpipe.scoring.query;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.streams.runtime.ManagedStreams;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * This instance's share of the profiles ({@link Stores#PROFILE_STORE}, active partitions only), of
 * the counters and prospect index kept beside them ({@link Stores#TALLY_STORE}, {@link
 * Stores#PROSPECT_INDEX_STORE}), and which other instances hold the rest. Queries are answered only
 * while the application is RUNNING: during a rebalance partitions move and an answer could miss or
 * double-count profiles.
 */
@Singleton
public class LocalProfiles {

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

  /** The profile from this instance's partition {@code partition}. */
  public Optional<ProspectProfile> get(String visitorId, int partition) {
    return guarded(
        () ->
            Optional.ofNullable(
                published.decode(
                    store(
                            StoreQueryParameters.fromNameAndType(
                                    Stores.PROFILE_STORE,
                                    QueryableStoreTypes.<String, byte[]>keyValueStore())
                                .withPartition(partition))
                        .get(visitorId))));
  }

  /** Runs {@code reader} over the counters of every local partition (a key once per partition). */
  public <T> T tallies(Function<Iterator<KeyValue<String, Long>>, T> reader) {
    return guarded(
        () -> {
          try (KeyValueIterator<String, Long> all =
              running()
                  .store(
                      StoreQueryParameters.fromNameAndType(
                          Stores.TALLY_STORE, QueryableStoreTypes.<String, Long>keyValueStore()))
                  .all()) {
            return reader.apply(all);
          }
        });
  }

  /**
   * Runs {@code reader} over the index entries of {@code sort}, one iterator per local partition in
   * key order: the partitions' stores are read separately because one iterator over all of them
   * would run through them one after the other, not in rank order.
   */
  public <T> T index(
      ProspectSort sort, Function<List<KeyValueIterator<String, ProspectSummary>>, T> reader) {
    return guarded(
        () -> {
          KafkaStreams streams = running();
          List<KeyValueIterator<String, ProspectSummary>> partitions = new ArrayList<>();
          try {
            for (int partition : indexPartitions(streams)) {
              partitions.add(
                  streams
                      .store(
                          StoreQueryParameters.fromNameAndType(
                                  Stores.PROSPECT_INDEX_STORE,
                                  QueryableStoreTypes.<String, ProspectSummary>keyValueStore())
                              .withPartition(partition))
                      .prefixScan(ProspectIndex.prefix(sort), new StringSerializer()));
            }
            return reader.apply(partitions);
          } finally {
            partitions.forEach(KeyValueIterator::close);
          }
        });
  }

  /**
   * The partitions whose index is here: the index lives in the task that reads the visitor topics
   * (it shares the profile state with aggregation), so those are the tasks reading web events here.
   */
  private static List<Integer> indexPartitions(KafkaStreams streams) {
    return streams.metadataForLocalThreads().stream()
        .flatMap(thread -> thread.activeTasks().stream())
        .flatMap(task -> task.topicPartitions().stream())
        .filter(tp -> tp.topic().equals(Topics.WEB_EVENTS.name()))
        .map(TopicPartition::partition)
        .distinct()
        .sorted()
        .toList();
  }

  /** The other instances that hold profiles (each answers for its own partitions). */
  public List<HostInfo> peers() {
    HostInfo self = self();
    return running().metadataForAllStreamsClients().stream()
        .filter(m -> m.stateStoreNames().contains(Stores.PROFILE_STORE))
        .map(m -> m.hostInfo())
        .filter(h -> !h.equals(self))
        .distinct()
        .toList();
  }

  private KafkaStreams running() {
    KafkaStreams streams =
        scoring
            .streams()
            .orElseThrow(() -> new QueryUnavailableException("the profiles are not loaded yet"));
    if (streams.state() != KafkaStreams.State.RUNNING) {
      throw new QueryUnavailableException(
          "the profiles are being redistributed between instances (" + streams.state() + ")");
    }
    return streams;
  }

  private ReadOnlyKeyValueStore<String, byte[]> store(
      StoreQueryParameters<ReadOnlyKeyValueStore<String, byte[]>> parameters) {
    return running().store(parameters);
  }

  private static <T> T guarded(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (InvalidStateStoreException e) {
      throw new QueryUnavailableException("the profile store is migrating; retry", e);
    }
  }
}
