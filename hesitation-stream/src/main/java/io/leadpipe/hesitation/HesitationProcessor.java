package io.leadpipe.hesitation;

import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.privacy.PrivacyErasure;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.streams.deadletter.DeadLetters;
import io.leadpipe.streams.privacy.ErasedIds;
import io.leadpipe.streams.schedule.ScheduleKey;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per visitor: event → intent episode (+ RESOLVED/CLOSED when it ends) → reschedule the visitor's
 * one timer in the time-indexed schedule. Every tick of the wall clock: one range scan of the
 * schedule for what is due → DETECTED / CLOSED, or the visitor forgotten. State, schedule and
 * output commit together under exactly_once_v2, and emitting marks the hesitation open in the same
 * store, so a replayed timer never emits twice. An erasure deletes the visitor's intent and timer
 * and keeps the SHA-256 of the id: their later events are dropped and counted.
 */
final class HesitationProcessor
    implements Processor<String, SpecificRecord, String, HesitationTopology.Emitted> {

  private static final Logger LOG = LoggerFactory.getLogger(HesitationProcessor.class);

  /** The stage its dropped events of erased visitors are counted under ({@link ErasedIds}). */
  static final String STAGE = "hesitations";

  private final HesitationConfig config;
  private final HesitationDetector detector;
  private final Map<Class<?>, Original<?>> originals;
  private ProcessorContext<String, HesitationTopology.Emitted> context;
  private KeyValueStore<String, VisitorIntent> intents;
  private KeyValueStore<String, String> schedule;
  private ErasedIds erased;

  /** How to give back the bytes of an event the detector failed on, for its dead letter. */
  record Original<V extends SpecificRecord>(Topic<V> topic, Serializer<V> serializer) {
    byte[] bytes(Object value) {
      return serializer.serialize(topic.name(), topic.valueType().cast(value));
    }
  }

  HesitationProcessor(HesitationConfig config, Map<Class<?>, Original<?>> originals) {
    this.config = config;
    this.detector = new HesitationDetector(config);
    this.originals = originals;
  }

  @Override
  public void init(ProcessorContext<String, HesitationTopology.Emitted> context) {
    this.context = context;
    this.intents = context.getStateStore(HesitationTopology.INTENT_STORE);
    this.schedule = context.getStateStore(HesitationTopology.SCHEDULE_STORE);
    this.erased = ErasedIds.attach(context, HesitationTopology.SUPPRESSION_STORE, STAGE);
    // Wall clock, not stream time: an idle visitor sends nothing, yet must be detected when the
    // window ends.
    context.schedule(config.tick(), PunctuationType.WALL_CLOCK_TIME, this::fireDueTimers);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    String visitor = record.key();
    if (record.value() instanceof PrivacyErasure erasure) {
      forget(visitor, erasure);
      return;
    }
    if (erased.dropIfErased(visitor)) {
      return; // an erased visitor: no dead letter either, it would keep the data just erased
    }
    VisitorIntent stored = intents.get(visitor);
    if (record.value() instanceof SocialEvent && stored == null) {
      return; // a social interaction alone explains no hesitation: nothing to attach it to
    }
    VisitorIntent intent = stored != null ? stored : VisitorIntent.of(visitor);
    Optional<Hesitation> ended;
    Optional<HesitationDetector.Timer> next;
    try {
      ended = apply(intent, record.value());
      next = detector.nextTimer(intent);
    } catch (RuntimeException e) {
      // The state is only written after a successful apply, so a failed event leaves it as it was.
      deadLetter(record, e);
      return;
    }
    save(visitor, intent, next);
    ended.ifPresent(h -> context.forward(record.withValue(HesitationTopology.Emitted.of(h))));
  }

  /**
   * Everything kept for the visitor goes (episode, open hesitation, timer); only the hash of the id
   * stays.
   */
  private void forget(String visitor, PrivacyErasure erasure) {
    VisitorIntent intent = intents.get(visitor);
    if (intent != null && intent.timerDueAt != 0) {
      schedule.delete(ScheduleKey.of(intent.timerDueAt, visitor));
    }
    intents.delete(visitor);
    erased.erase(visitor, erasure.getErasedAt());
  }

  private Optional<Hesitation> apply(VisitorIntent intent, SpecificRecord event) {
    if (event instanceof WebEvent web) {
      return detector.onWebEvent(intent, web);
    }
    detector.onSocialEvent(intent, (SocialEvent) event);
    return Optional.empty();
  }

  /** The punctuator: everything due by now is one range scan of the time-indexed schedule. */
  private void fireDueTimers(long nowMs) {
    Instant now = Instant.ofEpochMilli(nowMs);
    for (KeyValue<String, String> entry : ScheduleKey.dueBy(schedule, nowMs)) {
      schedule.delete(entry.key);
      String visitor = entry.value;
      VisitorIntent intent = intents.get(visitor);
      if (intent == null || intent.timerDueAt != ScheduleKey.dueOf(entry.key)) {
        continue; // an entry left behind by a reschedule: the visitor's real timer is elsewhere
      }
      intent.timerDueAt = 0;
      HesitationDetector.TimerOutcome outcome = detector.onTimer(intent, now);
      if (outcome.forget()) {
        intents.delete(visitor);
      } else {
        save(visitor, intent, detector.nextTimer(intent));
      }
      outcome
          .emitted()
          .forEach(
              h -> context.forward(new Record<>(visitor, HesitationTopology.Emitted.of(h), nowMs)));
    }
  }

  /** Stores the intent and moves its schedule entry: delete the old index key, put the new one. */
  private void save(String visitor, VisitorIntent intent, Optional<HesitationDetector.Timer> next) {
    if (next.isEmpty()) {
      return; // nothing known yet (e.g. only bot traffic): nothing to keep
    }
    long dueAt = next.get().dueAt().toEpochMilli();
    if (dueAt != intent.timerDueAt) {
      if (intent.timerDueAt != 0) {
        schedule.delete(ScheduleKey.of(intent.timerDueAt, visitor));
      }
      schedule.put(ScheduleKey.of(dueAt, visitor), visitor);
      intent.timerDueAt = dueAt;
    }
    intents.put(visitor, intent);
  }

  private void deadLetter(Record<String, SpecificRecord> record, RuntimeException e) {
    var meta = context.recordMetadata();
    LOG.warn(
        "Dead-lettering an event the hesitation detector failed on, {}-{}@{}",
        meta.map(m -> m.topic()).orElse("?"),
        meta.map(m -> m.partition()).orElse(-1),
        meta.map(m -> m.offset()).orElse(-1L),
        e);
    Original<?> original = originals.get(record.value().getClass());
    String messageId =
        record.value() instanceof WebEvent w
            ? w.getMessageId()
            : ((SocialEvent) record.value()).getMessageId();
    DeadLetter dl =
        HesitationTopology.DEAD_LETTERS.of(
            meta.orElse(null),
            original.topic().name(),
            context.currentSystemTimeMs(),
            DeadLetters.PROCESSING_FAILED,
            e.getClass().getName(),
            String.valueOf(e.getMessage()),
            original.bytes(record.value()),
            Map.of("messageId", messageId, "stage", "detect-hesitations"));
    context.forward(record.withValue(HesitationTopology.Emitted.of(dl)));
  }

  @Override
  public void close() {
    erased.close();
  }

  static Map<Class<?>, Original<?>> originals(Map<String, ?> registryConfig) {
    return Map.of(
        WebEvent.class, original(Topics.WEB_EVENTS, registryConfig),
        SocialEvent.class, original(Topics.SOCIAL_EVENTS, registryConfig));
  }

  private static <V extends SpecificRecord> Original<V> original(
      Topic<V> topic, Map<String, ?> registryConfig) {
    return new Original<>(topic, topic.valueSerde(registryConfig).serializer());
  }
}
