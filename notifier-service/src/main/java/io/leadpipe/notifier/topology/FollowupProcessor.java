package io.leadpipe.notifier.topology;

import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.sequence.DeliveryCredit;
import io.leadpipe.notifier.sequence.FollowupProfile;
import io.leadpipe.notifier.sequence.FollowupSequence;
import io.leadpipe.notifier.sequence.FollowupSequence.Assigned;
import io.leadpipe.notifier.sequence.FollowupSequence.Decided;
import io.leadpipe.notifier.sequence.FollowupSequence.DeliveryFate;
import io.leadpipe.notifier.sequence.FollowupSequence.Detection;
import io.leadpipe.notifier.sequence.FollowupSequence.HeldOut;
import io.leadpipe.notifier.sequence.FollowupSequence.Outcome;
import io.leadpipe.notifier.sequence.FollowupSequence.Treated;
import io.leadpipe.notifier.sequence.FollowupState;
import io.leadpipe.notifier.sequence.SequencePlan;
import io.leadpipe.notifier.survey.SurveyLinks;
import io.leadpipe.schemas.followup.DeliveryOutcome;
import io.leadpipe.schemas.followup.FollowupDecision;
import io.leadpipe.schemas.followup.FollowupDelivery;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.privacy.PrivacyErasure;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.streams.privacy.ErasedIds;
import io.leadpipe.streams.schedule.ScheduleKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Rule: DETECTED hesitation → schedule its sequence; every second, due steps → policy →
 * FollowupTrigger (SENT) and a FollowupDecision; purchase / RESOLVED / CLOSED / "not interested" →
 * CANCELLED; purchase within the attribution window of a follow-up delivered before it → RECOVERED
 * (waiting for a delivery outcome from leadpipe.followup-deliveries, bounded); erased visitor id →
 * all of it forgotten, later input dropped and counted; an anonymous visitor's profile copy →
 * forgotten once inactive for the profile retention with no sequence running.
 *
 * <p>The sequence rules are {@link FollowupSequence}'s; this processor keeps their state and the
 * time-indexed schedule in stores, runs due steps on wall-clock ticks, and publishes what the rules
 * decide ({@link FollowupRecords}).
 */
final class FollowupProcessor implements Processor<String, Object, String, Object> {
  /**
   * The erased-id suppression's stage: input of erased visitors dropped is counted under this tag.
   */
  static final String STAGE = "followups";

  /**
   * At most this many due steps per tick and task: when quiet hours end thousands come due at once,
   * and they go out over the next ticks (a second each by default) in transactions of bounded size
   * rather than in one punctuation that outlasts the transaction timeout.
   */
  static final int MAX_STEPS_PER_TICK = 1_000;

  /** Expiries need no second precision: looked at once a minute, not on every tick. */
  static final Duration PROFILE_EXPIRY_INTERVAL = Duration.ofMinutes(1);

  /**
   * At most this many expiry entries per run, so a backlog (the first run after an upgrade, a long
   * pause) is worked off over several runs instead of one long punctuation and transaction.
   */
  static final int MAX_PROFILE_EXPIRIES_PER_RUN = 5_000;

  /**
   * An expired copy whose visitor has a sequence running is kept (its steps read it) and looked at
   * again this much later; sequences last days.
   */
  static final Duration RUNNING_SEQUENCE_RECHECK = Duration.ofDays(1);

  private final FollowupSequence rules;
  private final DecisionListener listener;
  private final Duration tick;
  private final Duration profileRetention;
  private final int maxStepsPerTick;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, SequenceState> sequences;
  private KeyValueStore<String, String> schedule;
  private KeyValueStore<String, Hesitation> hesitations;
  private KeyValueStore<String, FollowupProfile> profiles;
  private KeyValueStore<String, String> profileExpiries;
  private ErasedIds erased;
  private StrategyTable strategies;
  private final FollowupPolicy policy;

  /** Links to the hosted survey for survey steps; null when none are configured. */
  private final SurveyLinks surveys;

  FollowupProcessor(
      FollowupPolicy policy,
      DecisionListener listener,
      Duration tick,
      Duration profileRetention,
      int maxStepsPerTick,
      SurveyLinks surveys,
      DeliveryCredit credit) {
    this.rules = new FollowupSequence(policy, credit);
    this.surveys = surveys;
    this.policy = policy;
    this.maxStepsPerTick = maxStepsPerTick;
    this.listener = listener;
    this.tick = tick;
    this.profileRetention = profileRetention;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.sequences = context.getStateStore(NotifierTopology.SEQUENCE_STORE);
    this.schedule = context.getStateStore(NotifierTopology.SCHEDULE_STORE);
    this.hesitations = context.getStateStore(NotifierTopology.HESITATION_STORE);
    this.profiles = context.getStateStore(NotifierTopology.PROFILE_STORE);
    this.profileExpiries = context.getStateStore(NotifierTopology.PROFILE_EXPIRY_STORE);
    // Input of erased visitors: dropped and counted (suppressed-total,
    // stream-leadpipe-privacy-metrics), never
    // dead-lettered.
    this.erased = ErasedIds.attach(context, NotifierTopology.SUPPRESSION_STORE, STAGE);
    this.strategies =
        new StrategyTable(context.getStateStore(NotifierTopology.STRATEGY_STORE), policy);
    // Wall-clock, not stream time: an idle visitor sends no event, yet their next step must go out
    // on time.
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::fireDueSteps);
    // Wall-clock too: the visitors to forget are precisely those who send nothing any more.
    context.schedule(
        PROFILE_EXPIRY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::expireProfiles);
  }

  @Override
  public void process(Record<String, Object> record) {
    String visitor = record.key();
    if (visitor == null) {
      return;
    }
    if (record.value() instanceof PrivacyErasure erasure) {
      forget(visitor, erasure);
      return;
    }
    if (erased.dropIfErased(visitor)) {
      return; // an erased visitor: nothing is kept or sent for them again
    }
    if (record.value() == null) {
      if (context
          .recordMetadata()
          .map(m -> m.topic().equals(Topics.PROSPECT_PROFILES.name()))
          .orElse(false)) {
        // a tombstone: the profile was merged into another id, erased or expired by scoring
        deleteProfile(visitor);
      }
      return;
    }
    if (record.value() instanceof Hesitation h) {
      onHesitation(visitor, h);
    } else if (record.value() instanceof ProspectProfile p) {
      onProfile(visitor, FollowupProfiles.of(p));
    } else if (record.value() instanceof WebEvent e) {
      onWebEvent(visitor, e);
    } else if (record.value() instanceof FollowupDelivery d) {
      onDelivery(visitor, d);
    }
  }

  /** A follow-up's fate at an endpoint: purchases waiting for it are settled. */
  private void onDelivery(String visitor, FollowupDelivery d) {
    if (d.getOutcome() != DeliveryOutcome.DELIVERED && d.getOutcome() != DeliveryOutcome.FAILED) {
      return; // OTHER: a newer writer's outcome this version does not know; it decides nothing
    }
    SequenceState stored = sequences.get(visitor);
    if (stored == null) {
      return; // nothing sent that a purchase could be credited to
    }
    FollowupState before = SequenceStates.read(stored);
    Outcome o =
        rules.onDelivery(
            before,
            new DeliveryFate(
                d.getTriggerId(),
                d.getEndpoint(),
                d.getOutcome() == DeliveryOutcome.DELIVERED,
                d.getAt()));
    if (o.applied()) {
      apply(visitor, stored, SequenceStates.dueAt(before), o);
    }
  }

  /**
   * Everything kept for the visitor goes — the sequence with its pending step (so no follow-up is
   * sent after the erase), the contact history, the hesitation and profile copies — and only the
   * hash of the id stays.
   */
  private void forget(String visitor, PrivacyErasure erasure) {
    SequenceState s = sequences.get(visitor);
    long due = SequenceStates.dueAt(SequenceStates.read(s));
    if (due != 0) {
      schedule.delete(ScheduleKey.of(due, visitor));
    }
    sequences.delete(visitor);
    hesitations.delete(visitor);
    deleteProfile(visitor);
    erased.erase(visitor, erasure.getErasedAt());
  }

  private void onHesitation(String visitor, Hesitation h) {
    SequenceState stored = sequences.get(visitor);
    FollowupState before = SequenceStates.read(stored);
    if (h.getStatus() == HesitationStatus.DETECTED) {
      Detection d = FollowupRecords.detection(h);
      FollowupProfile profile = profiles.get(visitor);
      Assigned assigned = strategies.assign(visitor, d, profile);
      Outcome o = rules.onDetected(before, d, assigned);
      if (o.applied()) {
        hesitations.put(visitor, h);
        apply(visitor, stored, SequenceStates.dueAt(before), o);
        assignment(assigned, d, profile)
            .ifPresent(
                a ->
                    context.forward(
                        new Record<>(visitor, a, d.detectedAt().toEpochMilli()),
                        NotifierTopology.EXPOSURES));
      }
      return;
    }
    apply(
        visitor,
        stored,
        SequenceStates.dueAt(before),
        rules.onResolution(before, FollowupRecords.resolution(h), now()));
  }

  /**
   * The strategy arm a detection was assigned to, for the results: held out, or treated under a
   * strategy; nothing for the configured sequences (no strategy, no experiment).
   */
  private static Optional<StrategyAssignment> assignment(
      Assigned assigned, Detection d, FollowupProfile profile) {
    SequencePlan.StrategyRef ref =
        assigned instanceof HeldOut held
            ? held.strategy()
            : ((Treated) assigned).plan() == null ? null : ((Treated) assigned).plan().strategy();
    if (ref == null) {
      return Optional.empty();
    }
    return Optional.of(
        new StrategyAssignment(
            ref.strategyId(),
            ref.version(),
            ref.variantId(),
            d.reason(),
            profile == null ? List.of() : profile.segments(),
            d.detectedAt()));
  }

  @Override
  public void close() {
    erased.close();
  }

  private void onWebEvent(String visitor, WebEvent e) {
    if (e.getType() == WebEventType.PURCHASE) {
      SequenceState stored = sequences.get(visitor);
      FollowupState before = SequenceStates.read(stored);
      apply(
          visitor,
          stored,
          SequenceStates.dueAt(before),
          rules.onPurchase(before, FollowupRecords.purchase(e), now()));
    } else if (e.getType() == WebEventType.FEEDBACK_ANSWER && e.getFeedback() != null) {
      SequenceState stored = sequences.get(visitor);
      FollowupState before = SequenceStates.read(stored);
      Outcome o = rules.onFeedback(before, e.getFeedback().getStatedReason(), e.getEventTime());
      if (o.applied()) {
        apply(visitor, stored, SequenceStates.dueAt(before), o);
      }
    }
  }

  /** Wall-clock time: a purchase waits for a delivery outcome from when it was heard of. */
  private Instant now() {
    return Instant.ofEpochMilli(context.currentSystemTimeMs());
  }

  /**
   * The punctuator: a range scan of the time-indexed schedule finds exactly the visitors whose step
   * or purchase's wait is due, earliest first, a bounded chunk per tick.
   */
  private void fireDueSteps(long nowMs) {
    Instant now = Instant.ofEpochMilli(nowMs);
    for (KeyValue<String, String> entry : ScheduleKey.dueBy(schedule, nowMs, maxStepsPerTick)) {
      schedule.delete(entry.key);
      String visitor = entry.value;
      SequenceState stored = sequences.get(visitor);
      FollowupState state = SequenceStates.read(stored);
      if (stored == null || ScheduleKey.dueOf(entry.key) != SequenceStates.dueAt(state)) {
        continue; // stale entry: the step was cancelled or rescheduled, the purchase settled
      }
      long scheduled = 0; // its schedule entry is already gone
      Instant waitOver = state.awaitingUntil();
      if (waitOver != null && !waitOver.isAfter(now)) {
        Outcome settled = rules.onWaitOver(state, now);
        apply(visitor, stored, scheduled, settled);
        state = settled.state();
        scheduled = SequenceStates.dueAt(state);
      }
      if (!state.active() || state.running().dueAt().isAfter(now)) {
        continue;
      }
      FollowupProfile profile = profiles.get(visitor);
      Outcome o = rules.fire(state, now, profile);
      apply(visitor, stored, scheduled, o);
      o.send()
          .ifPresent(
              send ->
                  context.forward(
                      new Record<>(
                          visitor,
                          FollowupRecords.trigger(
                              visitor, send, hesitations.get(visitor), profile, surveys),
                          send.at().toEpochMilli()),
                      NotifierTopology.TRIGGER_SINK));
    }
  }

  /** Keeps the new copy and moves its expiry with the visitor's last activity. */
  private void onProfile(String visitor, FollowupProfile next) {
    long expiryBefore = ProfileExpiry.dueAt(profiles.get(visitor), profileRetention);
    long expiryAfter = ProfileExpiry.dueAt(next, profileRetention);
    if (expiryAfter != expiryBefore) {
      if (expiryBefore != 0) {
        profileExpiries.delete(ScheduleKey.of(expiryBefore, visitor));
      }
      if (expiryAfter != 0) {
        profileExpiries.put(ScheduleKey.of(expiryAfter, visitor), visitor);
      }
    }
    profiles.put(visitor, next);
  }

  /** The copy and its expiry entry. */
  private void deleteProfile(String visitor) {
    long expiry = ProfileExpiry.dueAt(profiles.get(visitor), profileRetention);
    if (expiry != 0) {
      profileExpiries.delete(ScheduleKey.of(expiry, visitor));
    }
    profiles.delete(visitor);
  }

  /**
   * The expiry punctuator: a bounded range scan of the expiry schedule. Each entry is checked
   * against the copy as it is now: a copy seen again (or expiring later after a retention change)
   * is rescheduled, a known user's or a deleted one is left alone, and a copy still read by a
   * running sequence is looked at again later.
   */
  private void expireProfiles(long nowMs) {
    List<KeyValue<String, String>> due = new ArrayList<>();
    try (KeyValueIterator<String, String> it =
        profileExpiries.range(ScheduleKey.from(0), ScheduleKey.upTo(nowMs))) {
      while (it.hasNext() && due.size() < MAX_PROFILE_EXPIRIES_PER_RUN) {
        due.add(it.next());
      }
    }
    for (KeyValue<String, String> entry : due) {
      profileExpiries.delete(entry.key);
      String visitor = entry.value;
      long expiry = ProfileExpiry.dueAt(profiles.get(visitor), profileRetention);
      if (expiry == 0) {
        continue; // no copy any more, or the visitor became a known user
      }
      if (expiry > nowMs) {
        profileExpiries.put(ScheduleKey.of(expiry, visitor), visitor);
        continue;
      }
      SequenceState s = sequences.get(visitor);
      if (s != null && s.active()) {
        profileExpiries.put(
            ScheduleKey.of(nowMs + RUNNING_SEQUENCE_RECHECK.toMillis(), visitor), visitor);
        continue;
      }
      profiles.delete(visitor);
    }
  }

  /** Publishes the decisions, moves the schedule entry with the due time, stores the new state. */
  private void apply(String visitor, SequenceState stored, long dueBefore, Outcome o) {
    for (Decided d : o.decisions()) {
      FollowupDecision decision = FollowupRecords.decision(visitor, d);
      context.forward(
          new Record<>(visitor, decision, d.at().toEpochMilli()), NotifierTopology.DECISION_SINK);
      listener.onDecision(decision);
    }
    long dueAfter = SequenceStates.dueAt(o.state());
    if (dueAfter != dueBefore) {
      if (dueBefore != 0) {
        schedule.delete(ScheduleKey.of(dueBefore, visitor));
      }
      if (dueAfter != 0) {
        schedule.put(ScheduleKey.of(dueAfter, visitor), visitor);
      }
    }
    sequences.put(visitor, SequenceStates.write(o.state(), stored));
  }
}
