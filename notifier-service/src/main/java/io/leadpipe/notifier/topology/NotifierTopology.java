package io.leadpipe.notifier.topology;

import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.survey.SurveyLinks;
import io.leadpipe.schemas.followup.FollowupStrategy;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.streams.privacy.ErasedIds;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Rule: hesitations + profiles + purchases/feedback, per visitor → follow-up sequence state and a
 * time-indexed schedule (both changelogged) → on wall-clock ticks, due steps →
 * leadpipe.followup-triggers and leadpipe.followup-decisions; an erased visitor id
 * (leadpipe.privacy-erasures) → everything kept for it deleted, including pending steps, and its
 * later input dropped. Of each profile only what the rules and triggers read is kept ({@link
 * io.leadpipe.notifier.sequence.FollowupProfile}); an anonymous visitor's copy is forgotten once
 * they have been inactive for the profile retention and no sequence runs for them. Run with
 * exactly_once_v2 so state, triggers and decisions commit together.
 */
public final class NotifierTopology {

  public static final String SEQUENCE_STORE = "followup-sequences";
  public static final String SCHEDULE_STORE = "followup-schedule";
  public static final String HESITATION_STORE = "followup-hesitations";
  public static final String PROFILE_STORE = "followup-profiles";

  /**
   * When each anonymous visitor's profile copy expires: a time-indexed schedule ({@code
   * ScheduleKey}) of its own, so profile expiries and due steps never mix.
   */
  public static final String PROFILE_EXPIRY_STORE = "followup-profile-expiry";

  /**
   * How long an anonymous visitor's profile copy outlives their last activity by default: the
   * scoring side's retention of anonymous visitors.
   */
  public static final Duration DEFAULT_PROFILE_RETENTION = Duration.ofDays(180);

  /**
   * The follow-up strategies, a global table of {@code leadpipe.followup-strategies}: every task
   * reads all of them, and an edit applies to the next detection without a restart.
   */
  public static final String STRATEGY_STORE = "followup-strategies";

  private static final String STRATEGY_SOURCE = "followup-strategies-source";
  private static final String STRATEGY_LOADER = "followup-strategies-loader";

  /** SHA-256 of every erased visitor id → when it was erased: their later input is dropped. */
  public static final String SUPPRESSION_STORE = "followup-suppression";

  static final String TRIGGER_SINK = "followup-triggers-sink";
  static final String DECISION_SINK = "followup-decisions-sink";
  private static final String PROCESSOR = "followups";

  private final FollowupPolicy policy;
  private final ValueSerdes serdes;
  private final DecisionListener listener;
  private final Duration tick;
  private final Duration profileRetention;
  private int maxStepsPerTick = FollowupProcessor.MAX_STEPS_PER_TICK;
  private SurveyLinks surveys;

  /** With the default profile retention. */
  public NotifierTopology(
      FollowupPolicy policy, ValueSerdes serdes, DecisionListener listener, Duration tick) {
    this(policy, serdes, listener, tick, DEFAULT_PROFILE_RETENTION);
  }

  public NotifierTopology(
      FollowupPolicy policy,
      ValueSerdes serdes,
      DecisionListener listener,
      Duration tick,
      Duration profileRetention) {
    if (profileRetention == null || profileRetention.isNegative() || profileRetention.isZero()) {
      throw new IllegalArgumentException("profile retention must be positive: " + profileRetention);
    }
    this.policy = policy;
    this.serdes = serdes;
    this.listener = listener;
    this.tick = tick;
    this.profileRetention = profileRetention;
  }

  /**
   * Another bound on the due steps fired per tick and task than {@link
   * FollowupProcessor#MAX_STEPS_PER_TICK}, so a test shows the chunking without thousands of
   * visitors.
   */
  public NotifierTopology withMaxStepsPerTick(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("at least one step per tick: " + max);
    }
    this.maxStepsPerTick = max;
    return this;
  }

  /**
   * Survey steps carry a link to ingest's hosted survey ({@code attributes.surveyUrl}); without
   * links (tests that do not need them) they ask in the marketing system's own way.
   */
  public NotifierTopology withSurveyLinks(SurveyLinks links) {
    this.surveys = links;
    return this;
  }

  public Topology build() {
    Topology t = new Topology();
    // All inputs are keyed by visitor id with the same partition count, so one task sees all of a
    // visitor.
    source(t, Topics.HESITATIONS);
    source(t, Topics.PROSPECT_PROFILES);
    source(t, Topics.WEB_EVENTS);
    source(t, Topics.PRIVACY_ERASURES);
    t.addProcessor(
        PROCESSOR,
        () ->
            new FollowupProcessor(
                policy, listener, tick, profileRetention, maxStepsPerTick, surveys),
        Topics.HESITATIONS.name(),
        Topics.PROSPECT_PROFILES.name(),
        Topics.WEB_EVENTS.name(),
        Topics.PRIVACY_ERASURES.name());
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SEQUENCE_STORE),
            Serdes.String(),
            SequenceStates.serde()),
        PROCESSOR);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SCHEDULE_STORE), Serdes.String(), Serdes.String()),
        PROCESSOR);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(HESITATION_STORE),
            Serdes.String(),
            serdes.forTopic(Topics.HESITATIONS)),
        PROCESSOR);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PROFILE_STORE),
            Serdes.String(),
            FollowupProfiles.serde(serdes.forTopic(Topics.PROSPECT_PROFILES).deserializer())),
        PROCESSOR);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PROFILE_EXPIRY_STORE), Serdes.String(), Serdes.String()),
        PROCESSOR);
    t.addStateStore(ErasedIds.store(SUPPRESSION_STORE), PROCESSOR);
    // Every task reads every strategy: a global store, the topic its log. Read as bytes and decoded
    // by the loader, which also runs on restore, so a record that is not a strategy never gets in.
    Serde<FollowupStrategy> strategies = serdes.forTopic(Topics.FOLLOWUP_STRATEGIES);
    t.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STRATEGY_STORE), Serdes.String(), strategies)
            .withLoggingDisabled(),
        STRATEGY_SOURCE,
        Topics.FOLLOWUP_STRATEGIES.keySerde().deserializer(),
        new ByteArrayDeserializer(),
        Topics.FOLLOWUP_STRATEGIES.name(),
        STRATEGY_LOADER,
        () -> new StrategyLoader(strategies.deserializer()));
    sink(t, TRIGGER_SINK, Topics.FOLLOWUP_TRIGGERS);
    sink(t, DECISION_SINK, Topics.FOLLOWUP_DECISIONS);
    return t;
  }

  private <V extends SpecificRecord> void source(Topology t, Topic<V> topic) {
    Serde<V> values = serdes.forTopic(topic);
    t.addSource(topic.name(), topic.keySerde().deserializer(), values.deserializer(), topic.name());
  }

  private <V extends SpecificRecord> void sink(Topology t, String name, Topic<V> topic) {
    Serde<V> values = serdes.forTopic(topic);
    t.addSink(name, topic.name(), topic.keySerde().serializer(), values.serializer(), PROCESSOR);
  }
}
