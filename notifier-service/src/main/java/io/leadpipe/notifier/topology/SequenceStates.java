package io.leadpipe.notifier.topology;

import io.leadpipe.notifier.sequence.FollowupState;
import io.leadpipe.notifier.sequence.FollowupState.Delivery;
import io.leadpipe.notifier.sequence.FollowupState.Running;
import io.leadpipe.notifier.sequence.FollowupState.SentFollowup;
import io.leadpipe.notifier.sequence.SequencePlan;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.streams.state.StateSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Between the stored {@link SequenceState} (its serde is the changelog format) and the sequence
 * rules' {@link FollowupState}. In the store 0 means "none" for times and null strings mean "none".
 */
final class SequenceStates {
  private SequenceStates() {}

  /**
   * The sequence store's serde: {@link StateSerde} (Smile) like every Streams application's state;
   * state written by the notifier's former binary serde is still read ({@link LegacySequenceState})
   * and rewritten as Smile on the visitor's next update.
   */
  static Serde<SequenceState> serde() {
    Serde<SequenceState> current = StateSerde.of(SequenceState.class);
    Deserializer<SequenceState> smileOrJson = current.deserializer();
    return Serdes.serdeFrom(
        current.serializer(),
        (topic, bytes) ->
            bytes != null && LegacySequenceState.isLegacy(bytes)
                ? LegacySequenceState.read(bytes)
                : smileOrJson.deserialize(topic, bytes));
  }

  static FollowupState read(SequenceState s) {
    if (s == null) {
      return FollowupState.NONE;
    }
    Running running =
        !s.active()
            ? null
            : new Running(
                s.hesitationId,
                HesitationKind.valueOf(s.kind),
                HesitationReason.valueOf(s.reason),
                Instant.ofEpochMilli(s.detectedAt),
                Instant.ofEpochMilli(s.startedAt),
                s.stepIndex,
                instant(s.dueAt),
                s.plan);
    return new FollowupState(
        running,
        instant(s.lastSentAt),
        s.sentAt.stream().map(Instant::ofEpochMilli).toList(),
        s.sends != null ? s.sends : lastSendOnly(s),
        s.lastHesitationId,
        s.awaiting != null ? s.awaiting : List.of());
  }

  /**
   * State written before the sends were kept holds only the last one, attributed already when its
   * trigger id is gone; its delivery outcome was not tracked.
   */
  private static List<SentFollowup> lastSendOnly(SequenceState s) {
    if (s.lastPlay == null) {
      return List.of();
    }
    return List.of(
        new SentFollowup(
            s.lastTriggerId,
            null,
            s.lastStep,
            FollowupPlay.valueOf(s.lastPlay),
            HesitationReason.valueOf(s.lastReason),
            s.lastChannel,
            s.lastStrategyId == null
                ? null
                : new SequencePlan.StrategyRef(
                    s.lastStrategyId, s.lastStrategyVersion, s.lastVariantId),
            Instant.ofEpochMilli(s.lastSentAt),
            Delivery.NOT_TRACKED,
            null,
            List.of(),
            s.lastTriggerId == null));
  }

  /**
   * {@code f} written into {@code stored} (a new state when null). An ended sequence keeps its
   * detection and start times in the store, as before; nothing reads them while no sequence runs.
   */
  static SequenceState write(FollowupState f, SequenceState stored) {
    SequenceState s = stored != null ? stored : new SequenceState();
    Running r = f.running();
    if (r == null) {
      s.endSequence();
    } else {
      s.hesitationId = r.hesitationId();
      s.kind = r.kind().name();
      s.reason = r.reason().name();
      s.detectedAt = r.detectedAt().toEpochMilli();
      s.startedAt = r.startedAt().toEpochMilli();
      s.stepIndex = r.stepIndex();
      s.dueAt = millis(r.dueAt());
      s.plan = r.plan();
    }
    s.lastSentAt = millis(f.lastSentAt());
    s.sentAt = new ArrayList<>(f.sentAt().stream().map(Instant::toEpochMilli).toList());
    s.sends = f.sends().isEmpty() ? null : new ArrayList<>(f.sends());
    s.awaiting = f.awaiting().isEmpty() ? null : new ArrayList<>(f.awaiting());
    SentFollowup last = f.sends().isEmpty() ? null : f.sends().get(f.sends().size() - 1);
    s.lastTriggerId = last == null || last.credited() ? null : last.triggerId();
    s.lastPlay = last == null ? null : last.play().name();
    s.lastReason = last == null ? null : last.reason().name();
    s.lastStep = last == null ? 0 : last.step();
    s.lastChannel = last == null ? null : last.channel();
    SequencePlan.StrategyRef sentUnder = last == null ? null : last.strategy();
    s.lastStrategyId = sentUnder == null ? null : sentUnder.strategyId();
    s.lastStrategyVersion = sentUnder == null ? 0 : sentUnder.version();
    s.lastVariantId = sentUnder == null ? null : sentUnder.variantId();
    s.lastHesitationId = f.lastHesitationId();
    return s;
  }

  /**
   * When the visitor's next thing is due — the running sequence's next step, or the end of a
   * purchase's wait for a delivery outcome, whichever comes first — 0 when nothing is pending (the
   * schedule store's key time).
   */
  static long dueAt(FollowupState f) {
    Instant step = f.running() == null ? null : f.running().dueAt();
    Instant wait = f.awaitingUntil();
    Instant first = step == null ? wait : wait == null || step.isBefore(wait) ? step : wait;
    return millis(first);
  }

  private static Instant instant(long ms) {
    return ms == 0 ? null : Instant.ofEpochMilli(ms);
  }

  private static long millis(Instant t) {
    return t == null ? 0 : t.toEpochMilli();
  }
}
