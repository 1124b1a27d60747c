package io.leadpipe.scoring.admin;

import io.leadpipe.scoring.segment.ReevaluationCursor;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.streams.runtime.ManagedStreams;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The re-evaluation cursors of this instance's active tasks ({@link
 * Stores#SEGMENT_REEVALUATION_STORE}, one key per task: its partition), read through interactive
 * queries. Local only: each instance answers for its own tasks.
 */
@Singleton
public class ReevaluationStatus {

  private final ManagedStreams scoring;

  public ReevaluationStatus(@Named(Stores.SCORING) ManagedStreams scoring) {
    this.scoring = scoring;
  }

  public ReevaluationView local() {
    KafkaStreams streams =
        scoring
            .streams()
            .orElseThrow(
                () -> new SegmentsUnavailableException("scoring is not started yet", null));
    if (streams.state() != KafkaStreams.State.RUNNING) {
      // During a rebalance tasks move: an answer could miss a task or show it twice.
      throw new SegmentsUnavailableException(
          "tasks are being redistributed between instances (" + streams.state() + ")", null);
    }
    HostInfo self =
        scoring
            .self()
            .orElseThrow(
                () -> new SegmentsUnavailableException("scoring is not started yet", null));
    SortedMap<Integer, ReevaluationCursor> cursors = new TreeMap<>();
    try {
      ReadOnlyKeyValueStore<Integer, ReevaluationCursor> store =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                  Stores.SEGMENT_REEVALUATION_STORE,
                  QueryableStoreTypes.<Integer, ReevaluationCursor>keyValueStore()));
      try (KeyValueIterator<Integer, ReevaluationCursor> all = store.all()) {
        all.forEachRemaining(kv -> cursors.put(kv.key, kv.value));
      }
    } catch (InvalidStateStoreException e) {
      throw new SegmentsUnavailableException("the re-evaluation store is migrating; retry", e);
    }
    return ReevaluationView.of(self.host() + ":" + self.port(), cursors);
  }
}
