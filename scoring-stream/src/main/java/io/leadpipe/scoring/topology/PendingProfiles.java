package io.leadpipe.scoring.topology;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.profile.ProfileMapper;
import io.leadpipe.scoring.profile.ProfileState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * visitor whose state changed → remembered until the next publish (pending-profile-store, with what
 * caused the latest change) → every publish interval, each pending visitor's profile, built once
 * from their current state. A visitor's events within one interval therefore make one profile (and
 * one segment evaluation) instead of one each: the KTable cache-flush model, with public API.
 *
 * <p>The pending set is a changelogged store written in the same transaction as the state, so a
 * crash between an event and the next publish loses nothing: the restored set is published by the
 * next punctuation. A visitor whose state is gone by then (erased) is skipped.
 */
final class PendingProfiles implements Processor<String, String, String, ProspectProfile> {

  private final ProfileMapper mapper;
  private final Duration publishInterval;
  private ProcessorContext<String, ProspectProfile> context;
  private KeyValueStore<String, String> pending;
  private KeyValueStore<String, ProfileState> states;

  PendingProfiles(ScoringConfig config) {
    this.mapper = new ProfileMapper(config.rules());
    this.publishInterval = config.publishInterval();
  }

  @Override
  public void init(ProcessorContext<String, ProspectProfile> context) {
    this.context = context;
    this.pending = context.getStateStore(Stores.PENDING_PROFILE_STORE);
    this.states = context.getStateStore(Stores.PROFILE_STATE_STORE);
    context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, now -> publish());
  }

  /** The record's value is the cause of the visitor's latest change. */
  @Override
  public void process(Record<String, String> record) {
    pending.put(record.key(), record.value());
  }

  private void publish() {
    // Read first, then delete: the store's iterator must not see its own deletions.
    List<KeyValue<String, String>> due = new ArrayList<>();
    try (KeyValueIterator<String, String> it = pending.all()) {
      it.forEachRemaining(due::add);
    }
    for (KeyValue<String, String> visitor : due) {
      pending.delete(visitor.key);
      ProfileState state = states.get(visitor.key);
      if (state == null) {
        continue;
      }
      Record<String, ProspectProfile> profile =
          new Record<>(visitor.key, mapper.toProfile(state), state.asOf().toEpochMilli());
      profile
          .headers()
          .add(ProfileAggregator.CAUSE_HEADER, visitor.value.getBytes(StandardCharsets.UTF_8));
      context.forward(profile);
    }
  }
}
