package io.leadpipe.scoring.query;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.streams.runtime.ManagedStreams;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * This instance's share of the profiles ({@link Stores#PROFILE_STORE}, active partitions only) and
 * which other instances hold the rest. Queries are answered only while the application is RUNNING:
 * during a rebalance partitions move and an answer could miss or double-count profiles.
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

  /** Runs {@code reader} over every profile of this instance (one pass, not kept in memory). */
  public <T> T scan(Function<Iterable<ProspectProfile>, T> reader) {
    return guarded(
        () -> {
          try (KeyValueIterator<String, byte[]> all =
              store(
                      StoreQueryParameters.fromNameAndType(
                          Stores.PROFILE_STORE,
                          QueryableStoreTypes.<String, byte[]>keyValueStore()))
                  .all()) {
            Iterable<ProspectProfile> profiles =
                () ->
                    new Iterator<>() {
                      @Override
                      public boolean hasNext() {
                        return all.hasNext();
                      }

                      @Override
                      public ProspectProfile next() {
                        return published.decode(all.next().value);
                      }
                    };
            return reader.apply(profiles);
          }
        });
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
