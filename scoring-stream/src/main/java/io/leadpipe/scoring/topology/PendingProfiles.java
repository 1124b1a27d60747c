package io.leadpipe.scoring.topology;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.profile.ProfileMapper;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.timing.TimeTimers;
import io.leadpipe.streams.global.GlobalTableChanges;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
 *
 * <p>Time: a visitor whose profile changes with time alone (a segment threshold on days since, the
 * stage turning AT_RISK or LAPSED, a lead type moving down) has a timer at that moment ({@link
 * TimeTimers}), re-armed whenever segment evaluation sees their profile. Every {@code
 * timing.check-interval} (wall clock) the due timers, at most {@code timing.max-per-check}, make
 * their visitors pending with cause {@value #TIME_CAUSE}; such a profile is evaluated at the clock,
 * not at its latest event, so its segments change on time with no event.
 */
final class PendingProfiles implements Processor<String, String, String, ProspectProfile> {

  /** The cause of a publish (and its segment changes) because a time threshold was crossed. */
  public static final String TIME_CAUSE = "time threshold crossed";

  private final ProfileMapper mapper;
  private final Duration publishInterval;
  private final ScoringConfig.Timing timing;
  private final TimeTimers timers;
  private ProcessorContext<String, ProspectProfile> context;
  private KeyValueStore<String, String> pending;
  private KeyValueStore<String, ProfileState> states;

  PendingProfiles(ScoringConfig config, GlobalTableChanges definitionChanges) {
    this.mapper = new ProfileMapper(config.rules());
    this.publishInterval = config.publishInterval();
    this.timing = config.timing();
    this.timers = new TimeTimers(config.rules(), definitionChanges);
  }

  @Override
  public void init(ProcessorContext<String, ProspectProfile> context) {
    this.context = context;
    this.pending = context.getStateStore(Stores.PENDING_PROFILE_STORE);
    this.states = context.getStateStore(Stores.PROFILE_STATE_STORE);
    this.timers.init(context);
    context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, this::publish);
    context.schedule(timing.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::fireDue);
  }

  /**
   * Due visitors become pending, to be evaluated at the clock by the next publish; one already
   * pending for an input keeps that cause (its publish re-arms the timer, due at once if the moment
   * has passed).
   */
  private void fireDue(long nowMs) {
    for (String visitor : timers.takeDue(nowMs, timing.maxPerCheck())) {
      if (pending.get(visitor) == null) {
        pending.put(visitor, TIME_CAUSE);
      }
    }
  }

  /** The record's value is the cause of the visitor's latest change. */
  @Override
  public void process(Record<String, String> record) {
    pending.put(record.key(), record.value());
  }

  private void publish(long nowMs) {
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
      // An input's publish is evaluated at its event time (a replay gives the same profile); a
      // timer's at the clock.
      Instant at =
          TIME_CAUSE.equals(visitor.value)
              ? ProfileMapper.evaluationTime(state, Instant.ofEpochMilli(nowMs))
              : state.asOf();
      Record<String, ProspectProfile> profile =
          new Record<>(visitor.key, mapper.toProfile(state, at), at.toEpochMilli());
      profile
          .headers()
          .add(ProfileAggregator.CAUSE_HEADER, visitor.value.getBytes(StandardCharsets.UTF_8));
      // Segment evaluation re-arms the timer of whatever profile this publish makes (the id's own,
      // or its person's).
      context.forward(profile);
    }
    if (!due.isEmpty()) {
      // Commit now rather than at the next commit interval: what was just published becomes
      // readable at once instead of up to one interval later (a subscriber waits for the commit
      // under exactly-once).
      context.commit();
    }
  }
}
