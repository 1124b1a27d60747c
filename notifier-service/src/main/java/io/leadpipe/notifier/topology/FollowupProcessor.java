package io.leadpipe.notifier.topology;

import io.leadpipe.notifier.policy.ContactHistory;
import io.leadpipe.notifier.policy.Decision;
import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.policy.Prospect;
import io.leadpipe.schemas.common.ChannelConsent;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.DecisionReason;
import io.leadpipe.schemas.followup.FollowupDecision;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationResolution;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.hesitation.ResolutionOutcome;
import io.leadpipe.schemas.privacy.Hashes;
import io.leadpipe.schemas.privacy.PrivacyErasure;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Rule: DETECTED hesitation → schedule its sequence; every second, due steps → policy → FollowupTrigger (SENT) and a
 * FollowupDecision; purchase / RESOLVED / CLOSED / "not interested" → CANCELLED; purchase within the attribution
 * window of a SENT follow-up → RECOVERED; erased visitor id → all of it forgotten, later input dropped and counted.
 */
final class FollowupProcessor implements Processor<String, Object, String, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(FollowupProcessor.class);
  /** Input of erased visitors dropped: {@code suppressed-total} in group {@code stream-leadpipe-privacy-metrics}. */
  static final String METRIC_SCOPE = "leadpipe-privacy";
  static final String METRIC = "suppressed";

  private final FollowupPolicy policy;
  private final DecisionListener listener;
  private final Duration tick;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, SequenceState> sequences;
  private KeyValueStore<String, String> schedule;
  private KeyValueStore<String, Hesitation> hesitations;
  private KeyValueStore<String, ProspectProfile> profiles;
  private KeyValueStore<String, Long> suppressed;
  private Sensor dropped;

  FollowupProcessor(FollowupPolicy policy, DecisionListener listener, Duration tick) {
    this.policy = policy;
    this.listener = listener;
    this.tick = tick;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.sequences = context.getStateStore(NotifierTopology.SEQUENCE_STORE);
    this.schedule = context.getStateStore(NotifierTopology.SCHEDULE_STORE);
    this.hesitations = context.getStateStore(NotifierTopology.HESITATION_STORE);
    this.profiles = context.getStateStore(NotifierTopology.PROFILE_STORE);
    this.suppressed = context.getStateStore(NotifierTopology.SUPPRESSION_STORE);
    this.dropped = context.metrics().addRateTotalSensor(METRIC_SCOPE, "followups-" + context.taskId(), METRIC,
        Sensor.RecordingLevel.INFO, "stage", "followups", "task-id", context.taskId().toString());
    // Wall-clock, not stream time: an idle visitor sends no event, yet their next step must go out on time.
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::fireDueSteps);
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
    if (suppressed.get(Hashes.sha256(visitor)) != null) {
      dropped.record(); // an erased visitor: nothing is kept or sent for them again
      return;
    }
    if (record.value() == null) {
      if (context.recordMetadata().map(m -> m.topic().equals(Topics.PROSPECT_PROFILES.name())).orElse(false)) {
        profiles.delete(visitor); // a tombstone: the profile was merged into another id or erased
      }
      return;
    }
    if (record.value() instanceof Hesitation h) {
      onHesitation(visitor, h);
    } else if (record.value() instanceof ProspectProfile p) {
      profiles.put(visitor, p);
    } else if (record.value() instanceof WebEvent e) {
      onWebEvent(visitor, e);
    }
  }

  /**
   * Everything kept for the visitor goes — the sequence with its pending step (so no follow-up is sent after the
   * erase), the contact history, the hesitation and profile copies — and only the hash of the id stays.
   */
  private void forget(String visitor, PrivacyErasure erasure) {
    SequenceState s = sequences.get(visitor);
    if (s != null && s.dueAt != 0) {
      schedule.delete(ScheduleKey.of(s.dueAt, visitor));
    }
    sequences.delete(visitor);
    hesitations.delete(visitor);
    profiles.delete(visitor);
    suppressed.put(Hashes.sha256(visitor), erasure.getErasedAt().toEpochMilli());
  }

  private void onHesitation(String visitor, Hesitation h) {
    SequenceState s = state(visitor);
    if (h.getStatus() == HesitationStatus.DETECTED) {
      if (h.getHesitationId().equals(s.hesitationId) || h.getHesitationId().equals(s.lastHesitationId)
          || s.active() && h.getDetectedAt().toEpochMilli() < s.detectedAt) {
        return; // a re-delivered or older detection must not restart a sequence already run or running
      }
      if (s.active()) {
        cancel(visitor, s, DecisionReason.OTHER, "superseded by " + h.getHesitationId(), h.getDetectedAt());
      }
      hesitations.put(visitor, h);
      s.hesitationId = h.getHesitationId();
      s.kind = h.getKind().name();
      s.reason = h.getPrimaryReason().name();
      s.detectedAt = h.getDetectedAt().toEpochMilli();
      s.startedAt = h.getStartedAt().toEpochMilli();
      s.stepIndex = 0;
      if (!scheduleStep(visitor, s, Instant.ofEpochMilli(s.detectedAt))) {
        s.endSequence();
      }
      sequences.put(visitor, s);
      return;
    }
    HesitationResolution r = h.getResolution();
    Instant at = r != null ? r.getResolvedAt() : h.getLastActivityAt();
    if (r != null && r.getOutcome() == ResolutionOutcome.CONVERTED) {
      attribute(visitor, s, r.getOrderId(), r.getRevenue(), at);
    }
    if (s.active() && h.getHesitationId().equals(s.hesitationId)) {
      DecisionReason why = r == null ? DecisionReason.NOT_QUALIFIED : switch (r.getOutcome()) {
        case CONVERTED -> DecisionReason.PURCHASED;
        case NO_LONGER_INTERESTED, BOUGHT_ELSEWHERE -> DecisionReason.STATED_NOT_INTERESTED;
        default -> DecisionReason.NOT_QUALIFIED;
      };
      cancel(visitor, s, why, "hesitation " + h.getStatus(), at);
    }
    sequences.put(visitor, s);
  }

  @Override
  public void close() {
    context.metrics().removeSensor(dropped);
  }

  private void onWebEvent(String visitor, WebEvent e) {
    if (e.getType() == WebEventType.PURCHASE) {
      SequenceState s = state(visitor);
      OrderInfo order = e.getOrder();
      attribute(visitor, s, order == null ? null : order.getOrderId(),
          order == null ? null : order.getRevenue() != null ? order.getRevenue() : order.getTotal(), e.getEventTime());
      if (s.active()) {
        cancel(visitor, s, DecisionReason.PURCHASED, "purchase", e.getEventTime());
      }
      sequences.put(visitor, s);
    } else if (e.getType() == WebEventType.FEEDBACK_ANSWER && e.getFeedback() != null) {
      SequenceState s = state(visitor);
      if (!s.active()) {
        return;
      }
      HesitationReason stated = e.getFeedback().getStatedReason();
      if (FollowupPolicy.endsFollowup(stated)) {
        cancel(visitor, s, DecisionReason.STATED_NOT_INTERESTED, stated.name(), e.getEventTime());
      } else if (stated != HesitationReason.UNKNOWN && stated != HesitationReason.OTHER) {
        s.reason = stated.name(); // what they told us beats what we inferred for the next reason play
      }
      sequences.put(visitor, s);
    }
  }

  /** The punctuator: a range scan of the time-indexed schedule finds exactly the visitors whose step is due. */
  private void fireDueSteps(long nowMs) {
    List<KeyValue<String, String>> due = new ArrayList<>();
    try (KeyValueIterator<String, String> it = schedule.range(ScheduleKey.from(0), ScheduleKey.upTo(nowMs))) {
      it.forEachRemaining(due::add);
    }
    Instant now = Instant.ofEpochMilli(nowMs);
    for (KeyValue<String, String> entry : due) {
      schedule.delete(entry.key);
      String visitor = entry.value;
      SequenceState s = sequences.get(visitor);
      if (s == null || !s.active() || ScheduleKey.dueOf(entry.key) != s.dueAt) {
        continue; // stale entry: the step was cancelled or rescheduled
      }
      fireStep(visitor, s, now);
      sequences.put(visitor, s);
    }
  }

  private void fireStep(String visitor, SequenceState s, Instant now) {
    Hesitation h = hesitations.get(visitor);
    ProspectProfile profile = profiles.get(visitor);
    HesitationKind kind = HesitationKind.valueOf(s.kind);
    PolicyConfig.Step step = policy.sequence(kind).get(s.stepIndex);
    HesitationReason reason = HesitationReason.valueOf(s.reason);
    PolicyConfig.PlaySpec play = policy.play(step.type(), reason);
    int stepNo = s.stepIndex + 1;
    String triggerId = s.hesitationId + "#" + stepNo;
    Decision d = policy.decide(prospect(profile, s), history(s), now);
    emitDecision(visitor, decision(visitor, s.hesitationId, triggerId, stepNo, play.play(), d.channel(),
        d.outcome(), d.reason(), d.detail(), now, d.delayedUntil(), reason, null, null));
    switch (d.outcome()) {
      case SENT -> {
        FollowupTrigger trigger = trigger(visitor, triggerId, stepNo, h, profile, s, reason, play, d.channel(), now);
        context.forward(new Record<>(visitor, trigger, now.toEpochMilli()), NotifierTopology.TRIGGER_SINK);
        s.lastSentAt = now.toEpochMilli();
        s.sentAt.add(now.toEpochMilli());
        long horizon = now.minus(policy.config().frequencyWindow()).toEpochMilli();
        s.sentAt.removeIf(t -> t < horizon); // keep only what the cap still counts
        s.lastTriggerId = triggerId;
        s.lastHesitationId = s.hesitationId;
        s.lastPlay = play.play().name();
        s.lastReason = reason.name();
        s.lastStep = stepNo;
        s.lastChannel = d.channel();
        advance(visitor, s, now);
      }
      case DELAYED -> putSchedule(visitor, s, d.delayedUntil().toEpochMilli());
      case SUPPRESSED -> advance(visitor, s, now);
      default -> s.endSequence();
    }
  }

  private void advance(String visitor, SequenceState s, Instant now) {
    s.stepIndex++;
    if (!scheduleStep(visitor, s, now)) {
      LOG.debug("sequence complete for hesitation {}", s.hesitationId);
      s.lastHesitationId = s.hesitationId;
      s.endSequence();
    }
  }

  /** Schedules the current step at detection + its delay, never in the past; false when the sequence is over. */
  private boolean scheduleStep(String visitor, SequenceState s, Instant notBefore) {
    var due = policy.dueAt(HesitationKind.valueOf(s.kind), s.stepIndex, Instant.ofEpochMilli(s.detectedAt));
    if (due.isEmpty()) {
      return false;
    }
    putSchedule(visitor, s, Math.max(due.get().toEpochMilli(), notBefore.toEpochMilli()));
    return true;
  }

  private void putSchedule(String visitor, SequenceState s, long dueAt) {
    if (s.dueAt != 0) {
      schedule.delete(ScheduleKey.of(s.dueAt, visitor));
    }
    s.dueAt = dueAt;
    schedule.put(ScheduleKey.of(dueAt, visitor), visitor);
  }

  private void cancel(String visitor, SequenceState s, DecisionReason why, String detail, Instant at) {
    int stepNo = s.stepIndex + 1;
    String triggerId = s.hesitationId + "#" + stepNo;
    HesitationReason reason = HesitationReason.valueOf(s.reason);
    PolicyConfig.PlaySpec play = policy.play(policy.sequence(HesitationKind.valueOf(s.kind)).get(s.stepIndex).type(),
        reason);
    emitDecision(visitor, decision(visitor, s.hesitationId, triggerId, stepNo, play.play(), null,
        DecisionOutcome.CANCELLED, why, detail, at, null, reason, null, null));
    if (s.dueAt != 0) {
      schedule.delete(ScheduleKey.of(s.dueAt, visitor));
    }
    s.lastHesitationId = s.hesitationId;
    s.endSequence();
  }

  private void attribute(String visitor, SequenceState s, String orderId, Double revenue, Instant purchaseAt) {
    if (s.lastTriggerId == null || s.lastSentAt == 0
        || !policy.attributable(Instant.ofEpochMilli(s.lastSentAt), purchaseAt)) {
      return;
    }
    emitDecision(visitor, decision(visitor, s.lastHesitationId, s.lastTriggerId, s.lastStep,
        FollowupPlay.valueOf(s.lastPlay), s.lastChannel, DecisionOutcome.RECOVERED, DecisionReason.ATTRIBUTED,
        null, purchaseAt, null, HesitationReason.valueOf(s.lastReason), orderId, revenue));
    s.lastTriggerId = null; // one purchase is attributed once, whether we hear of it as PURCHASE or RESOLVED
  }

  private void emitDecision(String visitor, FollowupDecision d) {
    context.forward(new Record<>(visitor, d, d.getDecidedAt().toEpochMilli()), NotifierTopology.DECISION_SINK);
    listener.onDecision(d);
  }

  private SequenceState state(String visitor) {
    SequenceState s = sequences.get(visitor);
    return s != null ? s : new SequenceState();
  }

  private static ContactHistory history(SequenceState s) {
    return new ContactHistory(s.lastSentAt == 0 ? null : Instant.ofEpochMilli(s.lastSentAt),
        s.sentAt.stream().map(Instant::ofEpochMilli).toList());
  }

  /** The profile as the policy sees it; a stated reason only counts if given during this hesitation. */
  private static Prospect prospect(ProspectProfile p, SequenceState s) {
    if (p == null) {
      return Prospect.unknown();
    }
    Map<String, String> consent = new HashMap<>();
    Map<String, ChannelConsent> raw = p.getTraits() == null ? Map.of() : p.getTraits().getConsent();
    raw.forEach((channel, c) -> consent.put(channel, c.getStatus().name()));
    HesitationReason stated = p.getStatedReason() != null && p.getStatedReasonAt() != null
        && p.getStatedReasonAt().toEpochMilli() >= s.startedAt ? p.getStatedReason() : null;
    return new Prospect(p.getUserId(), consent, p.getTraits() == null ? null : p.getTraits().getTimezone(),
        p.getEngagement() == null ? 0.0 : p.getEngagement().getValue(), p.getSegments(), stated);
  }

  private FollowupTrigger trigger(String visitor, String triggerId, int stepNo, Hesitation h, ProspectProfile p,
                                  SequenceState s, HesitationReason reason, PolicyConfig.PlaySpec play,
                                  String channel, Instant now) {
    Map<String, String> attributes = new HashMap<>(play.attributes());
    attributes.put("step-type", policy.sequence(HesitationKind.valueOf(s.kind)).get(s.stepIndex).type().name());
    FollowupTrigger.Builder b = FollowupTrigger.newBuilder()
        .setTriggerId(triggerId)
        .setVisitorId(visitor)
        .setUserId(p != null && p.getUserId() != null ? p.getUserId() : h == null ? null : h.getUserId())
        .setHesitationId(s.hesitationId)
        .setHesitationKind(HesitationKind.valueOf(s.kind))
        .setChannel(channel)
        .setPlay(play.play())
        .setStep(stepNo)
        .setReason(reason)
        .setEngagementScore(p == null || p.getEngagement() == null ? 0.0 : p.getEngagement().getValue())
        .setSegments(p == null ? List.of() : p.getSegments())
        .setCreatedAt(now)
        .setDeadline(play.play() == FollowupPlay.REMINDER || play.play() == FollowupPlay.SURVEY
            ? null : now.plus(policy.config().offerValidity()))
        .setAttributes(attributes);
    if (h != null) {
      b.setReasons(h.getReasons()).setProducts(h.getProducts()).setCartValue(h.getCartValue())
          .setCurrency(h.getCurrency());
    }
    return b.build();
  }

  private static FollowupDecision decision(String visitor, String hesitationId, String triggerId, int step,
                                           FollowupPlay play, String channel, DecisionOutcome outcome,
                                           DecisionReason reason, String detail, Instant at, Instant delayedUntil,
                                           HesitationReason hesitationReason, String orderId, Double revenue) {
    // Deterministic: the same step decided the same way gets the same id, so consumers can dedupe replays.
    String id = triggerId + ":" + outcome + ":" + reason
        + (delayedUntil != null ? ":" + delayedUntil.toEpochMilli() : "") + (orderId != null ? ":" + orderId : "");
    return FollowupDecision.newBuilder()
        .setDecisionId(id)
        .setVisitorId(visitor)
        .setHesitationId(hesitationId)
        .setTriggerId(triggerId)
        .setStep(step)
        .setPlay(play)
        .setChannel(channel)
        .setOutcome(outcome)
        .setReason(reason)
        .setDetail(detail)
        .setDecidedAt(at)
        .setDelayedUntil(delayedUntil)
        .setHesitationReason(hesitationReason)
        .setOrderId(orderId)
        .setRevenue(revenue)
        .build();
  }
}
