package io.leadpipe.notifier.topology;

import io.leadpipe.notifier.policy.FollowupPolicy;
import io.leadpipe.notifier.results.Exposures;
import io.leadpipe.notifier.results.StrategyTotals;
import io.leadpipe.notifier.sequence.DeliveryCredit;
import io.leadpipe.notifier.survey.SurveyLinks;
import io.leadpipe.schemas.followup.FollowupStrategy;
import io.leadpipe.schemas.followup.StrategyResult;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.streams.global.GlobalTableLoader;
import io.leadpipe.streams.privacy.ErasedIds;
import io.leadpipe.streams.state.StateSerde;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Rule: hesitations + profiles + purchases/feedback + delivery outcomes, per visitor → follow-up
 * sequence state and a time-indexed schedule (both changelogged) → on wall-clock ticks, due steps →
 * leadpipe.followup-triggers and leadpipe.followup-decisions (RECOVERED for purchases after a
 * delivered follow-up, leadpipe.followup-deliveries); an erased visitor id
 * (leadpipe.privacy-erasures) → everything kept for it deleted, including pending steps, and its
 * later input dropped. Of each profile only what the rules and triggers read is kept ({@link
 * io.leadpipe.notifier.sequence.FollowupProfile}); an anonymous visitor's copy is forgotten once
 * they have been inactive for the profile retention and no sequence runs for them. Run with
 * exactly_once_v2 so state, triggers and decisions commit together.
 *
 * <p>Strategy results: each assignment to a strategy's arm, each purchase and each DELIVERED
 * follow-up (leadpipe.followup-deliveries) → the visitor's contribution to the strategy's results →
 * leadpipe.strategy-exposures (keyed by strategy) → sums per arm, reason and segment →
 * leadpipe.strategy-results (compacted), uplift against the holdout included.
 */
public final class NotifierTopology {

  /** The metric scope of strategies skipped by their loader ({@code rejected-records-total}). */
  public static final String STRATEGIES_METRIC_SCOPE = "followup-strategies";

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

  /** Per visitor, their exposure to each strategy (arm, window, orders, first delivery). */
  public static final String EXPOSURE_STORE = "strategy-exposures";

  /** Per strategy, the sums per arm, reason and segment. */
  public static final String RESULTS_STORE = "strategy-results";

  /** The strategies whose results changed since the last publication. */
  public static final String RESULTS_CHANGED_STORE = "strategy-results-changed";

  /**
   * The published results of every strategy, a global table of {@code leadpipe.strategy-results}:
   * every instance answers the query API from it.
   */
  public static final String RESULTS_VIEW_STORE = "strategy-results-view";

  static final String RESULTS_METRIC_SCOPE = "strategy-results";

  private static final String RESULTS_VIEW_SOURCE = "strategy-results-source";
  private static final String RESULTS_VIEW_LOADER = "strategy-results-loader";
  static final String EXPOSURES = "strategy-exposures";
  private static final String EXPOSURE_SINK = "strategy-exposures-sink";
  private static final String RESULTS = "strategy-results";
  private static final String RESULTS_SINK = "strategy-results-sink";

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
  private DeliveryCredit deliveryCredit = DeliveryCredit.UNREPORTED;

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

  /**
   * The webhook endpoints whose delivery outcomes decide what a purchase is credited to, and how
   * long it waits for one; without (the default, as without endpoints) a SENT follow-up counts as
   * delivered.
   */
  public NotifierTopology withDeliveryCredit(DeliveryCredit credit) {
    this.deliveryCredit = credit;
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
    source(t, Topics.FOLLOWUP_DELIVERIES);
    t.addProcessor(
        PROCESSOR,
        () ->
            new FollowupProcessor(
                policy, listener, tick, profileRetention, maxStepsPerTick, surveys, deliveryCredit),
        Topics.HESITATIONS.name(),
        Topics.PROSPECT_PROFILES.name(),
        Topics.WEB_EVENTS.name(),
        Topics.PRIVACY_ERASURES.name(),
        Topics.FOLLOWUP_DELIVERIES.name());
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
        () ->
            new GlobalTableLoader<>(
                Topics.FOLLOWUP_STRATEGIES,
                STRATEGY_STORE,
                STRATEGIES_METRIC_SCOPE,
                "a follow-up strategy",
                strategies.deserializer()));
    sink(t, TRIGGER_SINK, Topics.FOLLOWUP_TRIGGERS, PROCESSOR);
    sink(t, DECISION_SINK, Topics.FOLLOWUP_DECISIONS, PROCESSOR);
    addResults(t);
    return t;
  }

  /**
   * Strategy results: assignments (from the follow-up processor), purchases and deliveries per
   * visitor → changes of their contribution, re-keyed by strategy on leadpipe.strategy-exposures →
   * sums per strategy → leadpipe.strategy-results, read back as a global table for queries.
   */
  private void addResults(Topology t) {
    Duration window = policy.config().attributionWindow();
    t.addProcessor(
        EXPOSURES,
        () -> new ExposureProcessor(new Exposures(window)),
        PROCESSOR,
        Topics.WEB_EVENTS.name(),
        Topics.FOLLOWUP_DELIVERIES.name(),
        Topics.PRIVACY_ERASURES.name());
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(EXPOSURE_STORE),
            Serdes.String(),
            VisitorExposures.serde()),
        EXPOSURES);
    sink(t, EXPOSURE_SINK, Topics.STRATEGY_EXPOSURES, EXPOSURES);
    source(t, Topics.STRATEGY_EXPOSURES);
    t.addProcessor(
        RESULTS, () -> new ResultsProcessor(tick, window), Topics.STRATEGY_EXPOSURES.name());
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(RESULTS_STORE),
            Serdes.String(),
            StateSerde.of(StrategyTotals.class)),
        RESULTS);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(RESULTS_CHANGED_STORE), Serdes.String(), Serdes.Long()),
        RESULTS);
    sink(t, RESULTS_SINK, Topics.STRATEGY_RESULTS, RESULTS);
    Serde<StrategyResult> results = serdes.forTopic(Topics.STRATEGY_RESULTS);
    t.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RESULTS_VIEW_STORE), Serdes.String(), results)
            .withLoggingDisabled(),
        RESULTS_VIEW_SOURCE,
        Topics.STRATEGY_RESULTS.keySerde().deserializer(),
        new ByteArrayDeserializer(),
        Topics.STRATEGY_RESULTS.name(),
        RESULTS_VIEW_LOADER,
        () ->
            new GlobalTableLoader<>(
                Topics.STRATEGY_RESULTS,
                RESULTS_VIEW_STORE,
                RESULTS_METRIC_SCOPE,
                "a strategy result",
                results.deserializer()));
  }

  private <V extends SpecificRecord> void source(Topology t, Topic<V> topic) {
    Serde<V> values = serdes.forTopic(topic);
    t.addSource(topic.name(), topic.keySerde().deserializer(), values.deserializer(), topic.name());
  }

  private <V extends SpecificRecord> void sink(
      Topology t, String name, Topic<V> topic, String parent) {
    Serde<V> values = serdes.forTopic(topic);
    t.addSink(name, topic.name(), topic.keySerde().serializer(), values.serializer(), parent);
  }
}
