package io.leadpipe.scoring.topology;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.profile.ProfileMapper;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.timing.TimeTimers;
import io.leadpipe.streams.global.GlobalTableChanges;
import io.leadpipe.streams.state.DeferredWrites;
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
 * <p>The publishes are aligned on the wall clock: the time is cut into slots of one publish
 * interval, every task checks {@value #CHECKS_PER_INTERVAL} times per interval and publishes at its
 * first check in a new slot, so all tasks of a stream thread publish within one check of the slot's
 * start. One check later the first of them asks Streams to commit; the others see that request and
 * do not ask again. Streams commits every task of a thread together (one producer per thread under
 * exactly_once_v2), so one transaction per slot makes the whole slot's profiles readable, instead
 * of one transaction per task, each at its own moment (docs/benchmarks.md: the broker saw 53
 * transactions a second at 500 events a second that way).
 *
 * <p>The pending set is a changelogged store written in the same transaction as the state, so a
 * crash between an event and the next publish loses nothing: the restored set is published by the
 * next punctuation. A visitor whose state is gone by then (erased) is skipped.
 *
 * <p>Time: a visitor whose profile changes with time alone (a segment threshold on days since, the
 * stage turning AT_RISK or LAPSED, a lead type moving down) has a timer no later than that moment
 * ({@link TimeTimers}), re-armed whenever segment evaluation sees their profile. Every {@code
 * timing.check-interval} (wall clock) the due timers, at most {@code timing.max-per-check}, make
 * their visitors whose moment has passed pending with cause {@value #TIME_CAUSE} (a timer that came
 * early moves on); such a profile is evaluated at the clock, not at its latest event, so its
 * segments change on time with no event.
 */
final class PendingProfiles implements Processor<String, String, String, ProspectProfile> {

  /** The cause of a publish (and its segment changes) because a time threshold was crossed. */
  public static final String TIME_CAUSE = "time threshold crossed";

  /**
   * How often per publish interval each task checks for a new slot: how far apart in time the tasks
   * of a thread publish, and how long after them the slot's commit is asked for.
   */
  static final int CHECKS_PER_INTERVAL = 10;

  /**
   * Per stream thread, how many commits its tasks' publishes have asked for. A thread's tasks
   * punctuate on that thread and Streams commits them together, so a publish followed by any
   * request (its own task's or another's) will be committed.
   */
  private static final ThreadLocal<long[]> COMMIT_REQUESTS =
      ThreadLocal.withInitial(() -> new long[1]);

  private final ProfileMapper mapper;
  private final long publishIntervalMs;
  private final Duration check;
  private final ScoringConfig.Timing timing;
  private final TimeTimers timers;
  private ProcessorContext<String, ProspectProfile> context;
  private KeyValueStore<String, String> pending;
  private KeyValueStore<String, ProfileState> states;

  /** The slot (wall-clock millis ÷ publish interval) this task last published in. */
  private long publishedSlot = Long.MIN_VALUE;

  /** The thread's commit requests when this task last published profiles not yet asked for; -1. */
  private long requestsAtPublish = -1;

  PendingProfiles(ScoringConfig config, GlobalTableChanges definitionChanges) {
    this.mapper = new ProfileMapper(config.rules());
    this.publishIntervalMs = config.publishInterval().toMillis();
    // Streams' shortest punctuation interval is 1 ms.
    this.check = Duration.ofMillis(Math.max(1, publishIntervalMs / CHECKS_PER_INTERVAL));
    this.timing = config.timing();
    this.timers = new TimeTimers(config.rules(), definitionChanges);
  }

  @Override
  public void init(ProcessorContext<String, ProspectProfile> context) {
    this.context = context;
    this.pending = context.getStateStore(Stores.PENDING_PROFILE_STORE);
    this.states = context.getStateStore(Stores.PROFILE_STATE_STORE);
    this.timers.init(context);
    context.schedule(check, PunctuationType.WALL_CLOCK_TIME, this::check);
    context.schedule(timing.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::fireDue);
  }

  /**
   * Visitors whose moment passed become pending, to be evaluated at the clock by the next publish;
   * one already pending for an input keeps that cause (its publish re-arms the timer, due at once
   * if the moment has passed).
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

  /**
   * The first check in a new slot publishes; a later one asks for the commit, unless a request was
   * made on this thread since the publish (which then covers it).
   */
  private void check(long nowMs) {
    long slot = Math.floorDiv(nowMs, publishIntervalMs);
    if (slot != publishedSlot) {
      publishedSlot = slot;
      // The slot's visitors move the same few query counters and forecast sums: each written once,
      // at the end.
      DeferredWrites.during(
          () -> {
            if (publish(nowMs)) {
              requestsAtPublish = COMMIT_REQUESTS.get()[0];
            }
          });
    } else if (requestsAtPublish >= 0) {
      long[] requests = COMMIT_REQUESTS.get();
      if (requests[0] == requestsAtPublish) {
        // Commit now rather than at the next commit interval: what the slot published becomes
        // readable at once instead of up to one interval later (a subscriber waits for the commit
        // under exactly-once).
        context.commit();
        requests[0]++;
      }
      requestsAtPublish = -1;
    }
  }

  /** Whether any visitor was pending (a profile forwarded, or a gone visitor taken off the set). */
  private boolean publish(long nowMs) {
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
    return !due.isEmpty();
  }
}
