package io.leadpipe.scoring.timing;

import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.profile.ScoringRules;
import io.leadpipe.scoring.segment.InvalidSegmentRuleException;
import io.leadpipe.scoring.segment.SegmentRule;
import io.leadpipe.scoring.segment.SegmentRuleParser;
import io.leadpipe.scoring.topology.Stores;
import io.leadpipe.streams.global.GlobalTableChanges;
import io.leadpipe.streams.schedule.ScheduleKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * A task's time-indexed visitor timers ({@link Stores#TIME_SCHEDULE_STORE}, due ms|visitor →
 * visitor, and {@link Stores#TIME_DUE_STORE}, visitor → due ms): at most one per visitor, no later
 * than the next moment their profile changes with time alone ({@link NextChange}, thresholds from
 * the enabled segment definitions that the visitor's other attributes leave open). Armed whenever
 * segment evaluation sees a profile (published or re-evaluated), read by one bounded range scan of
 * what is due. A person (ids linked by identity stitching) has one timer, under the canonical id,
 * at the earlier of the canonical id's own and the merged state's moments; a linked member has none
 * (its own profile is not what subscribers see).
 *
 * <p>A profile moves its timer only to an earlier moment. Activity mostly moves the next change
 * later (a visitor seen again is "active this week" for longer), and moving the timer on every
 * publish cost three writes each (two schedule entries and the due time); so a timer that comes
 * before the visitor's moment is found out when it is due, from their latest state, and moved on
 * then without a publish, at most once per moment passed. It is the rule the retention timers
 * follow.
 *
 * <p>Used by the processors that publish profiles (they own the stores through the topology); not a
 * processor itself.
 */
public final class TimeTimers {

  private final NextChange nextChange;
  private final GlobalTableChanges changes;
  private KeyValueStore<String, String> schedule;
  private KeyValueStore<String, Long> dues;
  private KeyValueStore<String, ProfileState> states;
  private KeyValueStore<String, String> routes;
  private KeyValueStore<String, ProfileState> merged;
  private KeyValueStore<String, ValueAndTimestamp<SegmentDefinition>> definitions;
  private long changesSeen = -1;
  private TimeThresholds thresholds = TimeThresholds.NONE;

  public TimeTimers(ScoringRules rules, GlobalTableChanges changes) {
    this.nextChange = new NextChange(rules);
    this.changes = changes;
  }

  public void init(ProcessorContext<?, ?> context) {
    this.schedule = context.getStateStore(Stores.TIME_SCHEDULE_STORE);
    this.dues = context.getStateStore(Stores.TIME_DUE_STORE);
    this.states = context.getStateStore(Stores.PROFILE_STATE_STORE);
    this.routes = context.getStateStore(Stores.IDENTITY_ROUTE_STORE);
    this.merged = context.getStateStore(Stores.IDENTITY_MERGED_STORE);
    this.definitions = context.getStateStore(Stores.SEGMENT_DEFINITIONS_STORE);
  }

  /**
   * The visitor's profile was just evaluated at {@code evaluatedAt}, leaving {@code reachable}
   * thresholds open ({@link TimeThresholds#reachable}): their one timer moves to the next moment
   * after it if that comes sooner than the timer (or goes, when nothing will change with time).
   */
  public void rearm(String visitor, TimeThresholds reachable, Instant evaluatedAt) {
    rearmAt(visitor, nextChange(visitor, reachable, evaluatedAt));
  }

  /**
   * As {@link #rearm}, for a visitor the caller knows to stand alone (no identity route) and whose
   * state it holds: a re-evaluation pass walks the states, so reading and decoding each again here
   * is saved.
   */
  public void rearmAlone(
      String visitor, ProfileState state, TimeThresholds reachable, Instant evaluatedAt) {
    rearmAt(visitor, next(state, reachable, evaluatedAt));
  }

  private void rearmAt(String visitor, Optional<Instant> next) {
    Long current = dues.get(visitor);
    if (next.isEmpty()) {
      if (current != null) {
        schedule.delete(ScheduleKey.of(current, visitor));
        dues.delete(visitor);
      }
      return;
    }
    long due = next.get().toEpochMilli();
    // A timer already due earlier stays: it finds this moment when it is due (takeDue).
    if (current != null && current <= due) {
      return;
    }
    moveTimer(visitor, current, due);
  }

  /** The visitor's profile is gone (erased, merged into a person, removed by retention). */
  public void drop(String visitor) {
    Long current = dues.get(visitor);
    if (current != null) {
      schedule.delete(ScheduleKey.of(current, visitor));
      dues.delete(visitor);
    }
  }

  /**
   * Of at most {@code limit} timers due by {@code nowMs}, earliest first, the visitors whose
   * profile has changed with time by then; their timers are removed (re-armed when their profile is
   * published). A timer that came early (the visitor was active since it was set) moves on to their
   * next moment instead, and one with no moment left goes. Which thresholds the visitor can reach
   * would take evaluating their profile, which is what a publish does: here every enabled rule's
   * thresholds count, so a timer that came early may publish once where nothing changed, and that
   * publish re-arms it from the reachable ones.
   */
  public List<String> takeDue(long nowMs, int limit) {
    List<String> visitors = new ArrayList<>();
    for (KeyValue<String, String> entry : ScheduleKey.dueBy(schedule, nowMs, limit)) {
      schedule.delete(entry.key);
      String visitor = entry.value;
      Long current = dues.get(visitor);
      if (current == null || current != ScheduleKey.dueOf(entry.key)) {
        continue;
      }
      // The first moment after the latest input: a time publish since then re-armed the timer at
      // the moment after it, so a moment passed here is one no publish has shown yet.
      Optional<Instant> next = nextChange(visitor, thresholds(), Instant.MIN);
      if (next.isPresent() && next.get().toEpochMilli() > nowMs) {
        moveTimer(visitor, null, next.get().toEpochMilli());
        continue;
      }
      dues.delete(visitor);
      if (next.isPresent()) {
        visitors.add(visitor);
      }
    }
    return visitors;
  }

  /**
   * The first moment after {@code evaluatedAt} (or each state's latest input, if later) at which
   * the visitor's profile changes with time alone; none for a linked member or a visitor without
   * state.
   */
  private Optional<Instant> nextChange(
      String visitor, TimeThresholds current, Instant evaluatedAt) {
    String canonical = routes.get(visitor);
    if (canonical != null && !canonical.equals(visitor)) {
      return Optional.empty();
    }
    Optional<Instant> next = next(states.get(visitor), current, evaluatedAt);
    if (canonical != null) {
      Optional<Instant> person = next(merged.get(visitor), current, evaluatedAt);
      if (person.isPresent() && (next.isEmpty() || person.get().isBefore(next.get()))) {
        next = person;
      }
    }
    return next;
  }

  /** The schedule entry at {@code current} (if any) moves to {@code dueMs}. */
  private void moveTimer(String visitor, Long current, long dueMs) {
    if (current != null) {
      schedule.delete(ScheduleKey.of(current, visitor));
    }
    schedule.put(ScheduleKey.of(dueMs, visitor), visitor);
    dues.put(visitor, dueMs);
  }

  private Optional<Instant> next(ProfileState state, TimeThresholds current, Instant at) {
    if (state == null) {
      return Optional.empty();
    }
    return nextChange.after(state, current, at.isBefore(state.asOf()) ? state.asOf() : at);
  }

  /**
   * The thresholds of the enabled definitions, re-read only after the definitions changed. A rule
   * that does not parse matches nobody, so it has no thresholds either. Only {@link #takeDue} needs
   * them.
   */
  private TimeThresholds thresholds() {
    long now = changes.current();
    if (now != changesSeen) {
      changesSeen = now;
      List<SegmentRule> rules = new ArrayList<>();
      try (KeyValueIterator<String, ValueAndTimestamp<SegmentDefinition>> it = definitions.all()) {
        while (it.hasNext()) {
          var kv = it.next();
          SegmentDefinition def = kv.value == null ? null : kv.value.value();
          if (def != null && def.getEnabled()) {
            try {
              rules.add(SegmentRuleParser.parse(def.getRule()));
            } catch (InvalidSegmentRuleException e) {
              // Segment evaluation logs it; such a rule never matches, so it needs no timer.
            }
          }
        }
      }
      thresholds = TimeThresholds.of(rules);
    }
    return thresholds;
  }
}
