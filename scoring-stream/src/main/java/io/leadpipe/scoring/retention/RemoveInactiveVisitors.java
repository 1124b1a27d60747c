package io.leadpipe.scoring.retention;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.topology.ProfileAggregator;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.streams.runtime.TaskCounter;
import io.leadpipe.streams.schedule.ScheduleKey;
import io.leadpipe.streams.state.DeferredWrites;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on a visitor's own partition, on each profile published from their own state. Each makes
 * sure an anonymous visitor has one timer in the time-indexed schedule (no earlier than {@link
 * RetentionPolicy#dueAt}); it is not moved on every event, because the timer is checked against the
 * state when it fires: a visitor who came back is rescheduled then, at most once per inactivity
 * period. Every {@link #CHECK_INTERVAL} of stream time (event time: a replay removes the same
 * visitors, and a stopped input removes nobody) the due timers are read by one range scan, at most
 * {@link #MAX_PER_CHECK} of them, the earliest first. An inactive anonymous visitor's state is
 * deleted here and a null profile with cause {@value #CAUSE} is forwarded to segment evaluation,
 * which retires them as it retires an erased or merged id: EXITED for each segment, their published
 * profile and memberships deleted, a tombstone on the profile topic. Removals are counted (metric
 * {@code anonymous-visitors-removed-total} in group {@code stream-leadpipe-scoring-metrics}).
 *
 * <p>State written before these timers existed has none: each check also walks the next chunk of
 * the partition's profile states (a cursor kept in the schedule store under a key no timer can
 * have) and gives every visitor without a timer one, until the walk is done once.
 */
public final class RemoveInactiveVisitors
    implements Processor<String, ProspectProfile, String, ProspectProfile> {

  /** The cause segment changes and logs name for a removal by this rule. */
  public static final String CAUSE = "retention";

  /**
   * How often (stream time) due timers are looked for: retention is counted in days, so a minute
   * late is nothing, and a scan finding nothing due costs one seek.
   */
  static final Duration CHECK_INTERVAL = Duration.ofMinutes(1);

  /**
   * At most this many timers per check and task: a backlog (after a long outage, or the first run
   * over old state) is worked off over the following checks instead of stalling the partition's
   * events behind one long punctuation.
   */
  static final int MAX_PER_CHECK = 1_000;

  public static final String METRIC_SCOPE = "leadpipe-scoring";
  public static final String METRIC = "anonymous-visitors-removed";

  /**
   * Where the walk over state that predates the timers has got to: the last visitor id given a
   * timer, {@link #ADOPTION_DONE} when it is complete. A schedule key starts with a digit, so this
   * key is never a timer and no range scan of due timers reaches it.
   */
  static final String ADOPTION_CURSOR = "adoption-cursor";

  /** Visitor ids are never empty, so the empty id marks the walk as complete. */
  static final String ADOPTION_DONE = "";

  private static final Logger LOG = LoggerFactory.getLogger(RemoveInactiveVisitors.class);
  private static final byte[] CAUSE_BYTES = CAUSE.getBytes(StandardCharsets.UTF_8);

  private final RetentionPolicy policy;
  private ProcessorContext<String, ProspectProfile> context;
  private KeyValueStore<String, ProfileState> states;
  private KeyValueStore<String, String> routes;
  private KeyValueStore<String, String> schedule;
  private KeyValueStore<String, Long> dues;
  private Sensor removed;

  private final int maxPerCheck;

  public RemoveInactiveVisitors(RetentionPolicy policy) {
    this(policy, MAX_PER_CHECK);
  }

  /** With another chunk size: lets a test show the bound without a thousand visitors. */
  RemoveInactiveVisitors(RetentionPolicy policy, int maxPerCheck) {
    this.policy = policy;
    this.maxPerCheck = maxPerCheck;
  }

  @Override
  public void init(ProcessorContext<String, ProspectProfile> context) {
    this.context = context;
    this.states = context.getStateStore(Stores.PROFILE_STATE_STORE);
    this.routes = context.getStateStore(Stores.IDENTITY_ROUTE_STORE);
    this.schedule = context.getStateStore(Stores.RETENTION_SCHEDULE_STORE);
    this.dues = context.getStateStore(Stores.RETENTION_DUE_STORE);
    this.removed = TaskCounter.of(context, METRIC_SCOPE, METRIC, METRIC);
    context.schedule(CHECK_INTERVAL, PunctuationType.STREAM_TIME, this::check);
  }

  /**
   * A visitor's own profile was published from their state: make sure an anonymous visitor has a
   * timer (the profile carries what the due time depends on, so the state is not read again).
   */
  @Override
  public void process(Record<String, ProspectProfile> record) {
    String visitor = record.key();
    policy
        .dueAt(record.value())
        .ifPresent(
            due -> {
              Long current = dues.get(visitor);
              // Only an earlier due time moves the timer (a shorter setting after a restart); a
              // later one is found when the timer fires.
              if (current == null || due.toEpochMilli() < current) {
                moveTimer(visitor, current, due.toEpochMilli());
              }
            });
  }

  /**
   * The punctuator: the due timers, earliest first, then the walk over state without a timer; each
   * a bounded chunk.
   */
  private void check(long nowMs) {
    // The removed visitors leave the same few counters and forecast sums: each written once.
    DeferredWrites.during(
        () -> {
          removeDue(nowMs);
          adoptStateWithoutTimer();
        });
  }

  private void removeDue(long nowMs) {
    Instant now = Instant.ofEpochMilli(nowMs);
    for (KeyValue<String, String> entry : ScheduleKey.dueBy(schedule, nowMs, maxPerCheck)) {
      String visitor = entry.value;
      long due = ScheduleKey.dueOf(entry.key);
      Long current = dues.get(visitor);
      if (current == null || current != due) {
        schedule.delete(entry.key); // left behind: the visitor's real timer is elsewhere
        continue;
      }
      ProfileState state = states.get(visitor);
      RetentionPolicy.Verdict verdict = policy.decide(state, routes.get(visitor) != null, now);
      switch (verdict.action()) {
        case RECHECK -> moveTimer(visitor, current, verdict.recheckAt().toEpochMilli());
        case FORGET -> dropTimer(visitor, current);
        case REMOVE -> remove(visitor, current, state, nowMs);
      }
    }
  }

  /** The next chunk of profile states, in key order, after the cursor: each gets a timer if due. */
  private void adoptStateWithoutTimer() {
    String cursor = schedule.get(ADOPTION_CURSOR);
    if (ADOPTION_DONE.equals(cursor)) {
      return;
    }
    String last = null;
    int seen = 0;
    try (KeyValueIterator<String, ProfileState> it =
        cursor == null ? states.all() : states.range(cursor, null)) {
      while (seen < maxPerCheck && it.hasNext()) {
        KeyValue<String, ProfileState> kv = it.next();
        if (kv.key.equals(cursor)) {
          continue; // the range starts at the cursor, which was adopted last time
        }
        seen++;
        last = kv.key;
        if (dues.get(kv.key) == null) {
          policy.dueAt(kv.value).ifPresent(due -> moveTimer(kv.key, null, due.toEpochMilli()));
        }
      }
      schedule.put(ADOPTION_CURSOR, it.hasNext() ? last : ADOPTION_DONE);
    }
  }

  private void remove(String visitor, long due, ProfileState state, long nowMs) {
    dropTimer(visitor, due);
    states.delete(visitor);
    removed.record();
    LOG.debug("Removing anonymous visitor {} last seen {}", visitor, state.lastSeen());
    Record<String, ProspectProfile> retired = new Record<>(visitor, null, nowMs);
    retired.headers().add(ProfileAggregator.CAUSE_HEADER, CAUSE_BYTES);
    context.forward(retired);
  }

  private void moveTimer(String visitor, Long current, long dueMs) {
    if (current != null) {
      schedule.delete(ScheduleKey.of(current, visitor));
    }
    schedule.put(ScheduleKey.of(dueMs, visitor), visitor);
    dues.put(visitor, dueMs);
  }

  private void dropTimer(String visitor, long current) {
    schedule.delete(ScheduleKey.of(current, visitor));
    dues.delete(visitor);
  }

  @Override
  public void close() {
    context.metrics().removeSensor(removed);
  }
}
