package io.leadpipe.scoring.topology;

import static io.leadpipe.scoring.topology.Stores.BACKTEST_STORE;
import static io.leadpipe.scoring.topology.Stores.FORECAST_STORE;
import static io.leadpipe.scoring.topology.Stores.GRAPH_KEY;
import static io.leadpipe.scoring.topology.Stores.IDENTITY_GROUP_STORE;
import static io.leadpipe.scoring.topology.Stores.IDENTITY_MATCH_STORE;
import static io.leadpipe.scoring.topology.Stores.IDENTITY_MEMBER_STORE;
import static io.leadpipe.scoring.topology.Stores.IDENTITY_MERGED_STORE;
import static io.leadpipe.scoring.topology.Stores.IDENTITY_MERGE_STORE;
import static io.leadpipe.scoring.topology.Stores.IDENTITY_NODE_STORE;
import static io.leadpipe.scoring.topology.Stores.IDENTITY_ROUTE_STORE;
import static io.leadpipe.scoring.topology.Stores.PENDING_PROFILE_STORE;
import static io.leadpipe.scoring.topology.Stores.PREVIEW_SAMPLE_STORE;
import static io.leadpipe.scoring.topology.Stores.PROFILE_STATE_STORE;
import static io.leadpipe.scoring.topology.Stores.PROFILE_STORE;
import static io.leadpipe.scoring.topology.Stores.PROPENSITY_MODEL_STORE;
import static io.leadpipe.scoring.topology.Stores.PROPENSITY_SCHEDULE_STORE;
import static io.leadpipe.scoring.topology.Stores.PROPENSITY_SNAPSHOT_STORE;
import static io.leadpipe.scoring.topology.Stores.PROPENSITY_TRAINER_STORE;
import static io.leadpipe.scoring.topology.Stores.PROSPECT_INDEX_STORE;
import static io.leadpipe.scoring.topology.Stores.REFERRAL_CODE_STORE;
import static io.leadpipe.scoring.topology.Stores.REFERRAL_LEDGER_STORE;
import static io.leadpipe.scoring.topology.Stores.RETENTION_DUE_STORE;
import static io.leadpipe.scoring.topology.Stores.RETENTION_SCHEDULE_STORE;
import static io.leadpipe.scoring.topology.Stores.SEGMENT_DEFINITIONS_STORE;
import static io.leadpipe.scoring.topology.Stores.SEGMENT_REEVALUATION_STORE;
import static io.leadpipe.scoring.topology.Stores.SUPPRESSION_STORE;
import static io.leadpipe.scoring.topology.Stores.TALLY_STORE;
import static io.leadpipe.scoring.topology.Stores.TALLY_VISITOR_STORE;
import static io.leadpipe.scoring.topology.Stores.TIME_DUE_STORE;
import static io.leadpipe.scoring.topology.Stores.TIME_SCHEDULE_STORE;

import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.propensity.PropensityExample;
import io.leadpipe.schemas.propensity.PropensityModel;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.scoring.forecast.BacktestDay;
import io.leadpipe.scoring.identity.CommandReader;
import io.leadpipe.scoring.identity.EraseFanOut;
import io.leadpipe.scoring.identity.GraphInput;
import io.leadpipe.scoring.identity.IdentityClaim;
import io.leadpipe.scoring.identity.IdentityClaims;
import io.leadpipe.scoring.identity.IdentityGroupSerde;
import io.leadpipe.scoring.identity.IdentityResolution;
import io.leadpipe.scoring.identity.IdentityRules;
import io.leadpipe.scoring.identity.MemberFold;
import io.leadpipe.scoring.identity.MemberUpdate;
import io.leadpipe.scoring.identity.RouteChange;
import io.leadpipe.scoring.identity.Stitcher;
import io.leadpipe.scoring.profile.ProfileStateCodec;
import io.leadpipe.scoring.profile.VisitorInput;
import io.leadpipe.scoring.propensity.Example;
import io.leadpipe.scoring.propensity.PropensityTrainer;
import io.leadpipe.scoring.propensity.stream.ModelRecords;
import io.leadpipe.scoring.propensity.stream.PurchaseSnapshotSerde;
import io.leadpipe.scoring.propensity.stream.PurchaseSnapshots;
import io.leadpipe.scoring.propensity.stream.TrainPropensity;
import io.leadpipe.scoring.referral.LedgerEntry;
import io.leadpipe.scoring.referral.ReferralCredit;
import io.leadpipe.scoring.referral.ReferralCrediting;
import io.leadpipe.scoring.referral.ReferralEvent;
import io.leadpipe.scoring.retention.RemoveInactiveVisitors;
import io.leadpipe.scoring.segment.ReevaluationCursor;
import io.leadpipe.scoring.segment.ReevaluationShare;
import io.leadpipe.scoring.segment.SegmentDefinitionsLoader;
import io.leadpipe.scoring.segment.SegmentMembership;
import io.leadpipe.scoring.tally.ForecastSumsSerde;
import io.leadpipe.scoring.tally.IndexEntrySerde;
import io.leadpipe.scoring.tally.PublishedProfileTally;
import io.leadpipe.scoring.tally.VisitorTallySerde;
import io.leadpipe.streams.deadletter.DeadLetters;
import io.leadpipe.streams.deadletter.Decoded;
import io.leadpipe.streams.deadletter.SafeDecoder;
import io.leadpipe.streams.global.GlobalTableChanges;
import io.leadpipe.streams.global.GlobalTableLoader;
import io.leadpipe.streams.privacy.DropErased;
import io.leadpipe.streams.privacy.ErasedIds;
import io.leadpipe.streams.state.DecodeOnceSerde;
import io.leadpipe.streams.state.StateSerde;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.DslKeyValueParams;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * web events + social events + identities + hesitations → (bad record → dead letter) → keyed by
 * visitor (only mis-keyed records repartitioned) → (robot traffic → ignored, counted) → (erased id
 * → dropped) → apply to the visitor's own state in event time (a message id it applied within the
 * dedupe window dropped, late within grace applied, older dropped) → own profile; referral reports
 * (and erases of an erased id's codes) → by code → credits → by sharer → applied to the sharer's
 * own state; identify/alias/handles + operator commands → identity graph (one partition) → merge
 * records + route changes → each id's partition (an erase fans out to the id's referral codes and
 * to leadpipe.privacy-erasures) → stitched: unlinked ids published as they are, linked ids folded
 * into their person's profile under the canonical id; every profile → segments (global definitions)
 * → profile + ENTERED/EXITED changes. Anonymous visitors inactive longer than the retention (stream
 * time) → removed: their state deleted, retired through segments (EXITED, tombstone) with cause
 * "retention". Every published profile gets its purchase propensity from the serving model (global
 * store) and keeps its visitor's one open snapshot; a snapshot whose horizon passed →
 * leadpipe.propensity-examples (one partition) → the trainer (predict, then train) → a version that
 * beats the serving one on the holdout → leadpipe.propensity-models → every instance. Each
 * published profile's propensity × expected order value is summed per segment (the forecast), and
 * each closed snapshot's forecast against its outcome per day (the backtest).
 */
public final class ProspectTopology {

  public static final String APPLICATION = "scoring-stream";

  /** Every dead letter of this application names it {@link #APPLICATION}. */
  static final DeadLetters DEAD_LETTERS = new DeadLetters(APPLICATION);

  /**
   * Repartition topics (prefixed with the application id; mis-keyed inputs use
   * "<input>-by-visitor").
   */
  private static final String REFERRALS_BY_CODE = "referrals-by-code";

  private static final String CREDITS_BY_SHARER = "credits-by-sharer";
  private static final String IDENTITY_CLAIMS = "identity-claims";
  private static final String IDENTITY_ROUTES = "identity-routes";
  private static final String MEMBERS_BY_CANONICAL = "members-by-canonical";

  private final ScoringConfig config;
  private final IdentityRules identityRules;
  private final Map<String, ?> registryConfig;
  private final DslStoreSuppliers storeSuppliers;

  /** Tells segment evaluation when the global definitions changed (one per built topology). */
  private final GlobalTableChanges definitionChanges = new GlobalTableChanges();

  /** Tells segment evaluation when the serving propensity model changed (one per topology). */
  private final GlobalTableChanges modelChanges = new GlobalTableChanges();

  /** Each stream thread's time for re-evaluation passes, shared by its tasks (one per topology). */
  private final ReevaluationShare reevaluationShare;

  /**
   * One input topic's records: those accepted for a visitor, and the dead letters of the others.
   */
  private record Input(
      KStream<String, VisitorInput> accepted, KStream<String, DeadLetter> rejected) {}

  /** A decoded input record: the contract event (re-keyed as is) and the input it makes. */
  private record Accepted<T>(T event, VisitorInput input) {}

  public ProspectTopology(ScoringConfig config, Map<String, ?> registryConfig) {
    this(config, IdentityRules.defaults(), registryConfig);
  }

  public ProspectTopology(
      ScoringConfig config, IdentityRules identityRules, Map<String, ?> registryConfig) {
    this(config, identityRules, registryConfig, BuiltInDslStoreSuppliers.ROCKS_DB);
  }

  /**
   * With stores of another kind than RocksDB: the same names, serdes and changelogs. In memory they
   * serve a test driver's undisturbed reference run, which commits after every record and so would
   * flush every RocksDB store that many times.
   */
  public ProspectTopology(
      ScoringConfig config,
      IdentityRules identityRules,
      Map<String, ?> registryConfig,
      DslStoreSuppliers storeSuppliers) {
    this.config = config;
    this.identityRules = identityRules;
    this.registryConfig = registryConfig;
    this.storeSuppliers = storeSuppliers;
    this.reevaluationShare = new ReevaluationShare(config.reevaluation());
  }

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    addStores(builder);
    Input web = input(builder, Topics.WEB_EVENTS, VisitorInput.Web::new);
    Input social = input(builder, Topics.SOCIAL_EVENTS, VisitorInput.Social::new);
    Input identities = input(builder, Topics.IDENTITIES, VisitorInput.Identity::new);
    Input hesitations = input(builder, Topics.HESITATIONS, VisitorInput.HesitationUpdate::new);
    KStream<String, VisitorInput> inputs =
        web.accepted()
            .merge(social.accepted(), Named.as("merge-social"))
            .merge(identities.accepted(), Named.as("merge-identities"))
            .merge(hesitations.accepted(), Named.as("merge-hesitations"));
    var applied = applyToProfiles(suppressErased(ignoreRobots(inputs), "inputs"), "apply-inputs");
    var commands = readCommands(builder);
    var decisions =
        resolveIdentities(
            claimsOf(applied)
                .merge(
                    commands
                        .get("commands-accepted")
                        .mapValues(
                            r -> new GraphInput(null, r.command()), Named.as("command-input")),
                    Named.as("merge-commands")));
    var routes = fanOutErasures(routesOf(decisions));
    var credited =
        applyToProfiles(
            suppressErased(
                creditSharers(
                    routeByCode(
                        reportsOf(applied)
                            .merge(
                                referralErasuresOf(routes), Named.as("merge-referral-erasures")))),
                "credits"),
            "apply-credits");
    List<KStream<String, DeadLetter>> rejected = new ArrayList<>();
    rejected.addAll(
        List.of(
            web.rejected(),
            social.rejected(),
            identities.rejected(),
            hesitations.rejected(),
            deadLettersOf(applied, "inputs"),
            deadLettersOf(credited, "credits"),
            commands
                .get("commands-rejected")
                .mapValues(CommandReader.Read::deadLetter, Named.as("command-dead-letter"))));
    KStream<String, ProspectProfile> own =
        publishPerInterval(
            changesOf(applied, "inputs")
                .merge(changesOf(credited, "credits"), Named.as("merge-credited")));
    KStream<String, ProspectProfile> profiles =
        stitch(
            own,
            routes
                .filter((k, o) -> o.route() != null, Named.as("routes-to-stitch"))
                .mapValues(EraseFanOut.Out::route, Named.as("route-to-stitch")));
    // Retirements by retention join the published profiles: they too drop an open snapshot.
    KStream<String, ProspectProfile> published =
        profiles.merge(removeInactiveVisitors(own), Named.as("merge-removed-visitors"));
    publishExamples(takeSnapshots(published));
    var examples = readExamples(builder);
    publishModels(train(examples.get("examples-accepted")));
    // Their own sink: merged with the others, the one-partition trainer would join the visitors'
    // sub-topology.
    DeadLetters.publish(
        examples
            .get("examples-rejected")
            .mapValues(Decoded::deadLetter, Named.as("example-dead-letter")),
        registryConfig,
        "publish-example-dead-letters");
    publishDeadLetters(rejected);
    publishMerges(decisions);
    publishPrivacyRequests(decisions);
    publishErasures(routes);
    var evaluated =
        tallyPublishedProfiles(evaluateSegments(published))
            .split(Named.as("segments-"))
            .branch((k, v) -> v.change() != null, Branched.as("changes"))
            .defaultBranch(Branched.as("profiles"));
    publishProfiles(
        evaluated
            .get("segments-profiles")
            .mapValues(SegmentMembership.Out::published, Named.as("profile-out")));
    publishSegmentChanges(evaluated.get("segments-changes"));
    readModels(builder);
    return builder.build();
  }

  /**
   * Stores are declared once, by the names in {@link io.leadpipe.scoring.topology.Stores}, so
   * queries and tests refer to the same ones.
   */
  private void addStores(StreamsBuilder builder) {
    // The stores every event writes are cached (leadpipe.scoring.streams.cache-max-bytes): a
    // visitor's updates within one commit interval reach RocksDB and the changelog once, at the
    // commit, instead of once each. Readers (the next event, the query API) see the latest value
    // through the cache. The visitor's state also remembers the message ids it applied (dedupe).
    // The stores written when a profile is published are not cached: a visitor is published at
    // most once per commit interval, so a cache would merge nothing there, and each write would
    // cost a sorted-map insert and evict entries of the stores whose writes it does merge.
    // A state is read by the next input's apply, the publish and its timers: each gets the object
    // the cached bytes were made from or first read as, instead of decoding them again.
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                keyValueStore(PROFILE_STATE_STORE),
                Serdes.String(),
                DecodeOnceSerde.of(ProfileStateCodec.serde()))
            .withCachingEnabled());
    // Small (one commit interval's changed visitors), so in memory; changelogged like the rest.
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(PENDING_PROFILE_STORE),
                Serdes.String(),
                Serdes.String())
            .withCachingEnabled());
    // One cursor per task, written with each re-evaluation chunk's output (not cached: a chunk's
    // cursor belongs to its transaction, and it is written a few times a second at most).
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            keyValueStore(SEGMENT_REEVALUATION_STORE),
            Serdes.Integer(),
            StateSerde.of(ReevaluationCursor.class)));
    // The published profile's Avro bytes: serialized once for the store and the topic.
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            keyValueStore(PROFILE_STORE), Topics.PROSPECT_PROFILES.keySerde(), Serdes.ByteArray()));
    // The query API's counters (docs/queries.md): every publish adjusts a few of the same keys, so
    // cached. Each visitor's record of what it is counted under (for the counters, the index and
    // the forecast sums) and the prospect index: written per publish, not cached.
    builder.addStateStore(
        Stores.keyValueStoreBuilder(keyValueStore(TALLY_STORE), Serdes.String(), Serdes.Long())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            keyValueStore(TALLY_VISITOR_STORE), Serdes.String(), new VisitorTallySerde()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            keyValueStore(PROSPECT_INDEX_STORE), Serdes.String(), new IndexEntrySerde()));
    // The preview sample: written once per visitor (first publish) and at its retirement.
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            keyValueStore(PREVIEW_SAMPLE_STORE), Serdes.String(), Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            keyValueStore(REFERRAL_CODE_STORE), Serdes.String(), Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            keyValueStore(REFERRAL_LEDGER_STORE),
            Serdes.String(),
            StateSerde.of(LedgerEntry.class)));
    addIdentityStores(builder);
    // Every instance needs every definition to evaluate its own visitors: a global store. Read as
    // bytes and
    // decoded by the loader, which also runs on restore, so a record that is not a definition never
    // gets in.
    builder.addGlobalStore(
        Stores.timestampedKeyValueStoreBuilder(
                timestampedKeyValueStore(SEGMENT_DEFINITIONS_STORE),
                Serdes.String(),
                Topics.SEGMENT_DEFINITIONS.valueSerde(registryConfig))
            .withLoggingDisabled(),
        Topics.SEGMENT_DEFINITIONS.name(),
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-segment-definitions"),
        () -> new SegmentDefinitionsLoader(registryConfig, definitionChanges));
    addRetentionStores(builder);
    addTimeStores(builder);
    addPropensityStores(builder);
    addForecastStores(builder);
  }

  /**
   * The forecast sums per group (written per publish, cached like the query counters; each
   * visitor's share is in its tally record), and the backtest per day (written per closed
   * snapshot).
   */
  private void addForecastStores(StreamsBuilder builder) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                keyValueStore(FORECAST_STORE), Serdes.String(), new ForecastSumsSerde())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                keyValueStore(BACKTEST_STORE), Serdes.String(), StateSerde.of(BacktestDay.class))
            .withCachingEnabled());
  }

  /**
   * Open purchase snapshots and their closing times (written once per visitor per horizon, and when
   * a purchase marks one) and the trainer's state.
   */
  private void addPropensityStores(StreamsBuilder builder) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                keyValueStore(PROPENSITY_SNAPSHOT_STORE),
                Serdes.String(),
                new PurchaseSnapshotSerde())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                keyValueStore(PROPENSITY_SCHEDULE_STORE), Serdes.String(), Serdes.String())
            .withCachingEnabled());
    // Written per example, read back by the next: cached, so the changelog gets it once per commit.
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                keyValueStore(PROPENSITY_TRAINER_STORE),
                Serdes.String(),
                StateSerde.of(PropensityTrainer.State.class))
            .withCachingEnabled());
  }

  /**
   * The metric scope of propensity models skipped by their loader ({@code rejected-records-total}).
   */
  public static final String PROPENSITY_MODELS_METRIC_SCOPE = "propensity-models";

  /**
   * Every instance's copy of the published models. Added after every other node: sub-topologies are
   * numbered in the order their first node is added, so the existing ones keep their numbers (task
   * ids, hence state directories) across the upgrade that adds this store.
   */
  private void readModels(StreamsBuilder builder) {
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                keyValueStore(PROPENSITY_MODEL_STORE),
                Serdes.String(),
                Topics.PROPENSITY_MODELS.valueSerde(registryConfig))
            .withLoggingDisabled(),
        Topics.PROPENSITY_MODELS.name(),
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-propensity-models"),
        () ->
            new GlobalTableLoader<>(
                Topics.PROPENSITY_MODELS,
                PROPENSITY_MODEL_STORE,
                PROPENSITY_MODELS_METRIC_SCOPE,
                "a propensity model",
                Topics.PROPENSITY_MODELS.valueSerde(registryConfig).deserializer(),
                modelChanges::changed));
  }

  /**
   * Anonymous visitors' retention timers: written when a visitor's state is first written and when
   * a timer fires, read by a range scan of what is due; cached like the other per-event stores.
   */
  private void addRetentionStores(StreamsBuilder builder) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                keyValueStore(RETENTION_SCHEDULE_STORE), Serdes.String(), Serdes.String())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                keyValueStore(RETENTION_DUE_STORE), Serdes.String(), Serdes.Long())
            .withCachingEnabled());
  }

  /**
   * Visitors' timers at the next moment their profile changes with time alone: persistent and
   * changelogged like the retention schedule, so a restart neither loses nor repeats a transition.
   */
  private void addTimeStores(StreamsBuilder builder) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            keyValueStore(TIME_SCHEDULE_STORE), Serdes.String(), Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(keyValueStore(TIME_DUE_STORE), Serdes.String(), Serdes.Long()));
  }

  private KeyValueBytesStoreSupplier keyValueStore(String name) {
    return storeSuppliers.keyValueStore(new DslKeyValueParams(name, false));
  }

  private KeyValueBytesStoreSupplier timestampedKeyValueStore(String name) {
    return storeSuppliers.keyValueStore(new DslKeyValueParams(name, true));
  }

  private void addIdentityStores(StreamsBuilder builder) {
    for (String name : List.of(IDENTITY_NODE_STORE, IDENTITY_MATCH_STORE, IDENTITY_ROUTE_STORE)) {
      builder.addStateStore(
          Stores.keyValueStoreBuilder(keyValueStore(name), Serdes.String(), Serdes.String()));
    }
    // Cached: one claim writes its person once per thing it tells (the user id, each match key, a
    // merge), and the cache folds those into one changelog record per person and commit.
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                keyValueStore(IDENTITY_GROUP_STORE), Serdes.String(), new IdentityGroupSerde())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            keyValueStore(IDENTITY_MERGE_STORE),
            Serdes.String(),
            Topics.IDENTITY_MERGES.valueSerde(registryConfig)));
    for (String name : List.of(IDENTITY_MEMBER_STORE, IDENTITY_MERGED_STORE)) {
      builder.addStateStore(
          Stores.keyValueStoreBuilder(
              keyValueStore(name), Serdes.String(), ProfileStateCodec.serde()));
    }
    builder.addStateStore(ErasedIds.store(keyValueStore(SUPPRESSION_STORE)));
  }

  /**
   * One input topic, decoded safely (bad records → dead letters) and keyed by canonical visitor.
   * Records from ingest are already keyed so and stay where they are; only the others go through a
   * repartition topic and are merged back. A repartitioned record may therefore be applied after a
   * later record of the same visitor: event-time aggregation (grace) makes that harmless for
   * scores; the cart follows arrival order.
   */
  private <T extends SpecificRecord> Input input(
      StreamsBuilder builder, Topic<T> topic, Function<T, VisitorInput> toInput) {
    String name = topic.name().substring(topic.name().indexOf('.') + 1);
    var decoded =
        builder.stream(
                topic.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-" + name))
            .process(
                () ->
                    new SafeDecoder<>(
                        DEAD_LETTERS,
                        topic,
                        registryConfig,
                        "decode-" + name,
                        (T event) -> new Accepted<>(event, toInput.apply(event)),
                        ProspectTopology::namesNoVisitor),
                Named.as("decode-" + name))
            .split(Named.as(name + "-"))
            .branch((key, d) -> d.rejected(), Branched.as("rejected"))
            .branch(
                (key, d) -> d.value().input().canonicalVisitorId().equals(key),
                Branched.as("keyed"))
            .defaultBranch(Branched.as("mis-keyed"));
    KStream<String, VisitorInput> rekeyed =
        decoded
            .get(name + "-mis-keyed")
            .map(
                (key, d) ->
                    KeyValue.pair(d.value().input().canonicalVisitorId(), d.value().event()),
                Named.as("key-" + name + "-by-visitor"))
            .repartition(
                Repartitioned.<String, T>as(name + "-by-visitor")
                    .withKeySerde(Serdes.String())
                    .withValueSerde(topic.valueSerde(registryConfig)))
            .mapValues(toInput::apply, Named.as("rekeyed-" + name));
    return new Input(
        decoded
            .get(name + "-keyed")
            .mapValues(d -> d.value().input(), Named.as("keyed-" + name))
            .merge(rekeyed, Named.as("all-" + name)),
        decoded
            .get(name + "-rejected")
            .mapValues(Decoded::deadLetter, Named.as(name + "-dead-letter")));
  }

  /** Every input must name a visitor: it is what all state is kept by. */
  private static String namesNoVisitor(Accepted<?> accepted, long nowMs) {
    VisitorInput input = accepted.input();
    return input == null
            || input.canonicalVisitorId() == null
            || input.canonicalVisitorId().isEmpty()
        ? "record names no visitor (no userId or anonymousId)"
        : null;
  }

  /**
   * An erased person's new input is dropped before it can rebuild a profile (counted, not
   * dead-lettered).
   */
  private KStream<String, VisitorInput> suppressErased(
      KStream<String, VisitorInput> inputs, String stage) {
    return inputs.process(
        () -> new DropErased<>(SUPPRESSION_STORE, stage),
        Named.as("suppress-erased-" + stage),
        SUPPRESSION_STORE);
  }

  /**
   * Robot traffic never creates or changes a profile: web events ingest flagged as a bot are
   * dropped (and counted) before anything is kept for them.
   */
  private static KStream<String, VisitorInput> ignoreRobots(KStream<String, VisitorInput> inputs) {
    return inputs.process(IgnoreRobots::new, Named.as("ignore-robots"));
  }

  /**
   * Event-time aggregation: each input updates the visitor's state and yields the freshly scored
   * profile.
   */
  private KStream<String, ProfileAggregator.Applied> applyToProfiles(
      KStream<String, VisitorInput> inputs, String name) {
    return inputs.process(() -> new ProfileAggregator(config), Named.as(name), PROFILE_STATE_STORE);
  }

  /** Each change names its cause; the profile is built later, once per publish interval. */
  private static KStream<String, String> changesOf(
      KStream<String, ProfileAggregator.Applied> applied, String name) {
    return applied
        .filter((k, a) -> a.changed() != null, Named.as("changes-of-" + name))
        .mapValues(ProfileAggregator.Applied::changed, Named.as("change-of-" + name));
  }

  /**
   * Changed visitors → one profile each per publish interval, however many of their events arrived
   * in it: a burst costs one stitch, one segment evaluation and one published record.
   */
  private KStream<String, ProspectProfile> publishPerInterval(KStream<String, String> changed) {
    return changed.process(
        () -> new PendingProfiles(config, definitionChanges),
        Named.as("publish-per-interval"),
        PENDING_PROFILE_STORE,
        PROFILE_STATE_STORE,
        TIME_SCHEDULE_STORE,
        TIME_DUE_STORE,
        IDENTITY_ROUTE_STORE,
        IDENTITY_MERGED_STORE);
  }

  private static KStream<String, DeadLetter> deadLettersOf(
      KStream<String, ProfileAggregator.Applied> applied, String name) {
    return applied
        .filter((k, a) -> a.deadLetter() != null, Named.as("not-applied-" + name))
        .mapValues(ProfileAggregator.Applied::deadLetter, Named.as("dead-letter-of-" + name));
  }

  private static KStream<String, ReferralEvent> reportsOf(
      KStream<String, ProfileAggregator.Applied> applied) {
    return applied
        .filter((k, a) -> a.report() != null, Named.as("referral-reports"))
        .mapValues(ProfileAggregator.Applied::report, Named.as("referral-report"));
  }

  /** A code's owner and the visitors who used it meet on one partition: the code's. */
  private KStream<String, ReferralEvent> routeByCode(KStream<String, ReferralEvent> reports) {
    return reports
        .selectKey((visitor, report) -> report.code(), Named.as("key-by-code"))
        .repartition(
            Repartitioned.<String, ReferralEvent>as(REFERRALS_BY_CODE)
                .withKeySerde(Serdes.String())
                .withValueSerde(StateSerde.of(ReferralEvent.class)));
  }

  /**
   * Each referred visitor credits the code's owner once as a visitor and once as a buyer; credits
   * go to the owner's partition.
   */
  private KStream<String, VisitorInput> creditSharers(KStream<String, ReferralEvent> byCode) {
    return byCode
        .process(
            ReferralCrediting::new,
            Named.as("credit-sharers"),
            REFERRAL_CODE_STORE,
            REFERRAL_LEDGER_STORE)
        .repartition(
            Repartitioned.<String, ReferralCredit>as(CREDITS_BY_SHARER)
                .withKeySerde(Serdes.String())
                .withValueSerde(StateSerde.of(ReferralCredit.class)))
        .mapValues(VisitorInput.Credit::new, Named.as("credit-input"));
  }

  /** Operators' undo and erase commands, decoded safely (bad ones are dead-lettered). */
  private Map<String, KStream<String, CommandReader.Read>> readCommands(StreamsBuilder builder) {
    return builder.stream(
            Topics.IDENTITY_COMMANDS.name(),
            Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-identity-commands"))
        .process(
            () -> new CommandReader(DEAD_LETTERS, registryConfig),
            Named.as("decode-identity-commands"))
        .split(Named.as("commands-"))
        .branch((k, r) -> r.deadLetter() != null, Branched.as("rejected"))
        .defaultBranch(Branched.as("accepted"));
  }

  /**
   * Only identify, alias and social handles can link ids; web behaviour never reaches the graph. A
   * retried input, dropped as a duplicate, claims nothing again.
   */
  private KStream<String, GraphInput> claimsOf(KStream<String, ProfileAggregator.Applied> applied) {
    IdentityClaims claims = new IdentityClaims(identityRules);
    return applied.flatMapValues(
        a -> {
          IdentityClaim claim = a.accepted() == null ? null : claims.of(a.accepted());
          return claim == null ? List.<GraphInput>of() : List.of(new GraphInput(claim, null));
        },
        Named.as("identity-claims-of"));
  }

  /**
   * Claims and commands meet on the graph's one partition, so each decision sees the whole graph,
   * in order.
   */
  private KStream<String, IdentityResolution.Out> resolveIdentities(
      KStream<String, GraphInput> graphInputs) {
    return graphInputs
        .selectKey((k, v) -> GRAPH_KEY, Named.as("key-for-graph"))
        .repartition(
            Repartitioned.<String, GraphInput>as(IDENTITY_CLAIMS)
                .withKeySerde(Serdes.String())
                .withValueSerde(StateSerde.of(GraphInput.class)))
        .process(
            () -> new IdentityResolution(identityRules),
            Named.as("resolve-identities"),
            IDENTITY_NODE_STORE,
            IDENTITY_GROUP_STORE,
            IDENTITY_MATCH_STORE,
            IDENTITY_MERGE_STORE);
  }

  /** Each route change goes to its member's partition, where the member's own state lives. */
  private static KStream<String, RouteChange> routesOf(
      KStream<String, IdentityResolution.Out> decisions) {
    return decisions
        .filter((k, o) -> o.route() != null, Named.as("route-changes"))
        .mapValues(IdentityResolution.Out::route, Named.as("route-change"))
        .repartition(
            Repartitioned.<String, RouteChange>as(IDENTITY_ROUTES)
                .withKeySerde(Serdes.String())
                .withValueSerde(StateSerde.of(RouteChange.class)));
  }

  /**
   * An erased id's state still names its referral codes: read it before the stitcher deletes it.
   */
  private static KStream<String, EraseFanOut.Out> fanOutErasures(
      KStream<String, RouteChange> routes) {
    return routes.process(EraseFanOut::new, Named.as("fan-out-erasures"), PROFILE_STATE_STORE);
  }

  private static KStream<String, ReferralEvent> referralErasuresOf(
      KStream<String, EraseFanOut.Out> routes) {
    return routes
        .filter((k, o) -> o.referral() != null, Named.as("referral-erasures"))
        .mapValues(EraseFanOut.Out::referral, Named.as("referral-erasure"));
  }

  /**
   * Own profiles and route changes → stitched: an unlinked id's profile as it is, a person's folded
   * profile under the canonical id, a linked member's state sent to the canonical id's partition
   * and folded there.
   */
  private KStream<String, ProspectProfile> stitch(
      KStream<String, ProspectProfile> own, KStream<String, RouteChange> routes) {
    String[] stores = {
      PROFILE_STATE_STORE,
      IDENTITY_ROUTE_STORE,
      IDENTITY_MEMBER_STORE,
      IDENTITY_MERGED_STORE,
      SUPPRESSION_STORE,
      PENDING_PROFILE_STORE
    };
    var stitched =
        own.mapValues(p -> new Stitcher.In(p, null), Named.as("own-profile"))
            .merge(
                routes.mapValues(r -> new Stitcher.In(null, r), Named.as("route-input")),
                Named.as("merge-routes"))
            .process(() -> new Stitcher(config), Named.as("stitch"), stores)
            .split(Named.as("stitched-"))
            .branch((k, o) -> o.toCanonical() != null, Branched.as("members"))
            .defaultBranch(Branched.as("profiles"));
    KStream<String, ProspectProfile> folded =
        stitched
            .get("stitched-members")
            .mapValues(Stitcher.Out::toCanonical, Named.as("member-update"))
            .repartition(
                Repartitioned.<String, MemberUpdate>as(MEMBERS_BY_CANONICAL)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(StateSerde.of(MemberUpdate.class)))
            .process(() -> new MemberFold(config), Named.as("fold-members"), stores);
    // A retired id's profile value is null: a tombstone on the compacted profile topic.
    return stitched
        .get("stitched-profiles")
        .mapValues(Stitcher.Out::profile, Named.as("stitched-profile"))
        .merge(folded, Named.as("merge-folded"));
  }

  /** Merge records are compacted by merge id; an erased person's records become tombstones. */
  private void publishMerges(KStream<String, IdentityResolution.Out> decisions) {
    decisions
        .filter((k, o) -> o.merge() != null || o.mergeErased(), Named.as("merge-records"))
        .mapValues(IdentityResolution.Out::merge, Named.as("merge-record"))
        .to(
            Topics.IDENTITY_MERGES.name(),
            Produced.with(
                    Topics.IDENTITY_MERGES.keySerde(),
                    Topics.IDENTITY_MERGES.valueSerde(registryConfig))
                .withName("publish-identity-merges"));
  }

  private void publishPrivacyRequests(KStream<String, IdentityResolution.Out> decisions) {
    decisions
        .filter((k, o) -> o.privacy() != null, Named.as("privacy-records"))
        .mapValues(IdentityResolution.Out::privacy, Named.as("privacy-record"))
        .to(
            Topics.PRIVACY_REQUESTS.name(),
            Produced.with(
                    Topics.PRIVACY_REQUESTS.keySerde(),
                    Topics.PRIVACY_REQUESTS.valueSerde(registryConfig))
                .withName("publish-privacy-requests"));
  }

  /**
   * Keyed by the erased id, so each application that keeps state per visitor gets it on that
   * visitor's partition.
   */
  private void publishErasures(KStream<String, EraseFanOut.Out> routes) {
    routes
        .filter((k, o) -> o.erasure() != null, Named.as("erasures"))
        .mapValues(EraseFanOut.Out::erasure, Named.as("erasure"))
        .to(
            Topics.PRIVACY_ERASURES.name(),
            Produced.with(
                    Topics.PRIVACY_ERASURES.keySerde(),
                    Topics.PRIVACY_ERASURES.valueSerde(registryConfig))
                .withName("publish-privacy-erasures"));
  }

  /**
   * Every published profile (a person's under the canonical id) keeps its visitor's one open
   * purchase snapshot; a snapshot whose horizon has passed becomes a training example.
   */
  private KStream<String, PropensityExample> takeSnapshots(
      KStream<String, ProspectProfile> profiles) {
    return profiles.process(
        () -> new PurchaseSnapshots(config.propensity(), config.grace(), modelChanges),
        Named.as("take-purchase-snapshots"),
        PROPENSITY_SNAPSHOT_STORE,
        PROPENSITY_SCHEDULE_STORE,
        FORECAST_STORE,
        BACKTEST_STORE);
  }

  /** Keyed by the model name on a one-partition topic: one trainer sees every example in order. */
  private void publishExamples(KStream<String, PropensityExample> examples) {
    examples.to(
        Topics.PROPENSITY_EXAMPLES.name(),
        Produced.with(
                Topics.PROPENSITY_EXAMPLES.keySerde(),
                Topics.PROPENSITY_EXAMPLES.valueSerde(registryConfig))
            .withName("publish-propensity-examples"));
  }

  /** Examples decoded safely: one the trainer cannot learn is dead-lettered with the reason. */
  private Map<String, KStream<String, Decoded<Example>>> readExamples(StreamsBuilder builder) {
    return builder.stream(
            Topics.PROPENSITY_EXAMPLES.name(),
            Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-propensity-examples"))
        .process(
            () ->
                new SafeDecoder<>(
                    DEAD_LETTERS,
                    Topics.PROPENSITY_EXAMPLES,
                    registryConfig,
                    "decode-propensity-examples",
                    ModelRecords::fromAvro,
                    (Example e, long nowMs) -> PropensityTrainer.problemWith(e)),
            Named.as("decode-propensity-examples"))
        .split(Named.as("examples-"))
        .branch((k, d) -> d.rejected(), Branched.as("rejected"))
        .defaultBranch(Branched.as("accepted"));
  }

  /** Predict, then train; a version that beats the serving one on the holdout is published. */
  private KStream<String, PropensityModel> train(KStream<String, Decoded<Example>> examples) {
    return examples
        .mapValues(Decoded::value, Named.as("example"))
        .process(
            () -> new TrainPropensity(config.propensity()),
            Named.as("train-propensity"),
            PROPENSITY_TRAINER_STORE);
  }

  /** Compacted: the model name keeps the serving version, name/version each version's record. */
  private void publishModels(KStream<String, PropensityModel> models) {
    models.to(
        Topics.PROPENSITY_MODELS.name(),
        Produced.with(
                Topics.PROPENSITY_MODELS.keySerde(),
                Topics.PROPENSITY_MODELS.valueSerde(registryConfig))
            .withName("publish-propensity-models"));
  }

  /**
   * Each own-state write keeps the visitor's retention timer; inactive anonymous visitors come out
   * as null profiles (cause "retention"), which segment evaluation retires like an erased id.
   */
  private KStream<String, ProspectProfile> removeInactiveVisitors(
      KStream<String, ProspectProfile> own) {
    return own.process(
        () -> new RemoveInactiveVisitors(config.retention()),
        Named.as("remove-inactive-visitors"),
        PROFILE_STATE_STORE,
        IDENTITY_ROUTE_STORE,
        RETENTION_SCHEDULE_STORE,
        RETENTION_DUE_STORE);
  }

  /**
   * Segments are evaluated on every profile change, so membership is live per event, not per cron
   * run.
   */
  private KStream<String, SegmentMembership.Out> evaluateSegments(
      KStream<String, ProspectProfile> profiles) {
    return profiles.process(
        () ->
            new SegmentMembership(
                config,
                Topics.PROSPECT_PROFILES.valueSerde(registryConfig),
                definitionChanges,
                modelChanges,
                reevaluationShare),
        Named.as("evaluate-segments"),
        TALLY_VISITOR_STORE,
        PROFILE_STATE_STORE,
        PROFILE_STORE,
        IDENTITY_ROUTE_STORE,
        IDENTITY_MERGED_STORE,
        SEGMENT_REEVALUATION_STORE,
        TIME_SCHEDULE_STORE,
        TIME_DUE_STORE);
  }

  /**
   * Every output passes unchanged; on the way the query API's counters and prospect index, the
   * match preview's sample and the forecast sums follow the published profiles and retirements, so
   * listings, previews and the forecast never scan the profiles.
   */
  private KStream<String, SegmentMembership.Out> tallyPublishedProfiles(
      KStream<String, SegmentMembership.Out> evaluated) {
    return evaluated.process(
        () ->
            new PublishedProfileTally(
                config.rules().fit(), Topics.PROSPECT_PROFILES.valueSerde(registryConfig)),
        Named.as("tally-published-profiles"),
        TALLY_VISITOR_STORE,
        TALLY_STORE,
        PROSPECT_INDEX_STORE,
        PREVIEW_SAMPLE_STORE,
        FORECAST_STORE,
        PROFILE_STORE);
  }

  /**
   * The profile's bytes as segment evaluation serialized them (compacted topic): one record per
   * visitor per publish interval.
   */
  private void publishProfiles(KStream<String, byte[]> profiles) {
    profiles.to(
        Topics.PROSPECT_PROFILES.name(),
        Produced.with(Topics.PROSPECT_PROFILES.keySerde(), Serdes.ByteArray())
            .withName("publish-profiles"));
  }

  private void publishSegmentChanges(KStream<String, SegmentMembership.Out> changes) {
    changes
        .mapValues(SegmentMembership.Out::change, Named.as("segment-change"))
        .to(
            Topics.SEGMENT_CHANGES.name(),
            Produced.with(
                    Topics.SEGMENT_CHANGES.keySerde(),
                    Topics.SEGMENT_CHANGES.valueSerde(registryConfig))
                .withName("publish-segment-changes"));
  }

  /**
   * Dead letters carry topic, partition, offset and the exception so an operator can replay them.
   */
  private void publishDeadLetters(List<KStream<String, DeadLetter>> deadLetters) {
    KStream<String, DeadLetter> all = deadLetters.get(0);
    for (int i = 1; i < deadLetters.size(); i++) {
      all = all.merge(deadLetters.get(i), Named.as("merge-dead-letters-" + i));
    }
    DeadLetters.publish(all, registryConfig, "publish-dead-letters");
  }
}
