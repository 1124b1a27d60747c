package io.leadpipe.benchmarks.jmh;

import io.leadpipe.hesitation.reason.BehaviourSignal;
import io.leadpipe.hesitation.reason.LikelyReason;
import io.leadpipe.hesitation.reason.Observation;
import io.leadpipe.hesitation.reason.ReasonInference;
import io.leadpipe.hesitation.reason.ReasonRules;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.engagement.EngagementRules;
import io.leadpipe.scoring.engagement.EngagementScorer;
import io.leadpipe.scoring.engagement.SignalState;
import io.leadpipe.scoring.fit.FitRules;
import io.leadpipe.scoring.forecast.ForecastSums;
import io.leadpipe.scoring.forecast.stream.ForecastTally;
import io.leadpipe.scoring.identity.IdentityGroup;
import io.leadpipe.scoring.identity.IdentityGroupSerde;
import io.leadpipe.scoring.profile.ProfileMapper;
import io.leadpipe.scoring.profile.ProfileState;
import io.leadpipe.scoring.profile.ProfileStateCodec;
import io.leadpipe.scoring.profile.ProfileUpdater;
import io.leadpipe.scoring.profile.ScoringRules;
import io.leadpipe.scoring.profile.VisitorInput;
import io.leadpipe.scoring.propensity.PurchaseSnapshot;
import io.leadpipe.scoring.propensity.stream.PurchaseSnapshotSerde;
import io.leadpipe.scoring.query.ProfileViews;
import io.leadpipe.scoring.query.ProspectFacets;
import io.leadpipe.scoring.query.ProspectIndex;
import io.leadpipe.scoring.query.ProspectSort;
import io.leadpipe.scoring.query.ProspectSummary;
import io.leadpipe.scoring.query.TallyRules;
import io.leadpipe.scoring.segment.DefaultSegments;
import io.leadpipe.scoring.segment.SegmentEvaluator;
import io.leadpipe.scoring.segment.SegmentRule;
import io.leadpipe.scoring.segment.SegmentRuleParser;
import io.leadpipe.scoring.tally.ForecastSumsSerde;
import io.leadpipe.scoring.tally.IndexEntrySerde;
import io.leadpipe.scoring.tally.QueryTallies;
import io.leadpipe.scoring.tally.VisitorTally;
import io.leadpipe.scoring.tally.VisitorTallySerde;
import io.leadpipe.streams.state.StateSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pure functions every event goes through, measured alone: one web event applied to a visitor's
 * state (the aggregator's rules, with the history point), engagement scoring with decay and caps,
 * segment rule evaluation (every default segment on one profile), hesitation reason inference, the
 * Avro serde in Confluent's wire format (schema id cached, as in steady state), and the state serde
 * that reads and writes a visitor's profile state on every event: Smile, and the compact codec next
 * to it for comparison; the query stores' encoding per publish and a listing row's decoding, as
 * they were and as they are (issue 15).
 *
 * <p>Run: {@code bin/run-benchmarks jmh [JMH options] HotPathBenchmarks}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBenchmarks {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  /**
   * Visitors in the forecast group the move benchmarks read and write: large sums, long varints.
   */
  private static final int GROUP_VISITORS = 50_000;

  /** The snapshot every publish reads: a week's horizon, as the propensity defaults. */
  private static final Duration SNAPSHOT_HORIZON = Duration.ofDays(7);

  private static final double SNAPSHOT_PREDICTION = 0.2;

  private static final String[] SIGNALS = {
    "PRODUCT_VIEW", "SEARCH", "ADD_TO_CART", "REVIEW_READ", "CHECKOUT_STARTED"
  };

  /** A shopper's journey, one event type after the other. */
  private static final WebEventType[] JOURNEY = {
    WebEventType.PAGE_VIEW,
    WebEventType.PRODUCT_VIEW,
    WebEventType.SEARCH,
    WebEventType.REVIEW_READ,
    WebEventType.CART_ADD,
    WebEventType.SHIPPING_INFO_VIEWED,
    WebEventType.CHECKOUT_STARTED,
    WebEventType.PURCHASE
  };

  private final ProfileUpdater updater =
      new ProfileUpdater(ScoringRules.defaults(), Duration.ofHours(1), Duration.ofHours(24));

  private EngagementScorer engagement;
  private Map<String, SignalState> signalStates;
  private int next;

  private List<SegmentRule> segments;
  private Map<String, Object> profileAttributes;

  private ReasonInference reasons;
  private List<Observation> observations;

  private Serde<WebEvent> serde;
  private Serializer<WebEvent> serializer;
  private Deserializer<WebEvent> deserializer;
  private WebEvent event;
  private byte[] encoded;

  private Serde<ProfileState> stateSerde;
  private ProfileState profileState;
  private List<VisitorInput> journeyInputs;
  private byte[] storedState;

  private Serde<ProfileState> compactStateSerde;
  private byte[] storedCompactState;

  private ProspectProfile publishedProfile;
  private List<String> tallyKeys;
  private Serde<ProspectProfile> profileSerde;
  private byte[] storedProfile;
  private final Serde<ProspectSummary> summarySerde = StateSerde.of(ProspectSummary.class);
  private final Serde<EarlierCounted> earlierCountedSerde = StateSerde.of(EarlierCounted.class);
  private final IndexEntrySerde entrySerde = new IndexEntrySerde();
  private final VisitorTallySerde tallySerde = new VisitorTallySerde();
  private byte[] storedSummary;
  private byte[] storedFacets;
  private byte[] storedEarlierCounted;
  private byte[] storedCounted;
  private final Serde<ForecastSums> earlierSumsSerde = StateSerde.of(ForecastSums.class);
  private final ForecastSumsSerde sumsSerde = new ForecastSumsSerde();
  private ForecastSums visitorShare;
  private byte[] storedEarlierSums;
  private byte[] storedSums;
  private final Serde<PurchaseSnapshot> earlierSnapshotSerde =
      StateSerde.of(PurchaseSnapshot.class);
  private final PurchaseSnapshotSerde snapshotSerde = new PurchaseSnapshotSerde();
  private byte[] storedEarlierSnapshot;
  private byte[] storedSnapshot;
  private final Serde<IdentityGroup> earlierGroupSerde = StateSerde.of(IdentityGroup.class);
  private final IdentityGroupSerde groupSerde = new IdentityGroupSerde();
  private byte[] storedEarlierGroup;
  private byte[] storedGroup;

  @Setup
  public void setUp() {
    engagement = new EngagementScorer(EngagementRules.defaults());
    signalStates = Map.of();
    for (int i = 0; i < 30; i++) {
      signalStates =
          engagement.apply(
              signalStates, SIGNALS[i % SIGNALS.length], NOW.minus(Duration.ofHours(30 - i)));
    }

    segments = DefaultSegments.ALL.stream().map(d -> SegmentRuleParser.parse(d.rule())).toList();
    profileAttributes =
        Map.of(
            "engagement.score",
            64.0,
            "fit.grade",
            "B",
            "fit.score",
            72.0,
            "activity.purchases",
            0,
            "activity.couponSearches",
            3,
            "leadTypes.purchaseFrequency",
            "NONE",
            "leadTypes.influence",
            "AMPLIFIER",
            "leadTypes.profileFit",
            "TARGET",
            "activity.daysSinceFirstSeen",
            2,
            "rfm.recency",
            4);

    reasons = new ReasonInference(ReasonRules.defaults());
    observations = new ArrayList<>();
    BehaviourSignal[] seen = {
      BehaviourSignal.COUPON_SEARCH,
      BehaviourSignal.PRICE_COMPARISON,
      BehaviourSignal.REVIEW_READ,
      BehaviourSignal.SHIPPING_INFO_VIEWED,
      BehaviourSignal.SIZE_GUIDE_VIEWED
    };
    for (int i = 0; i < 12; i++) {
      observations.add(
          new Observation(
              seen[i % seen.length], NOW.minus(Duration.ofMinutes(60 - i)), "m-" + i, null));
    }

    serde = Topics.WEB_EVENTS.valueSerde(Map.of("schema.registry.url", "mock://jmh"));
    serializer = serde.serializer();
    deserializer = serde.deserializer();
    event =
        WebEvent.newBuilder()
            .setMessageId(UUID.randomUUID().toString())
            .setAnonymousId("anon-1234567890")
            .setEventTime(NOW)
            .setReceivedAt(NOW)
            .setSource("demo-shop")
            .setContext(
                EventContext.newBuilder()
                    .setPageUrl("https://shop.example/p/tent?utm_source=insta")
                    .setPagePath("/p/tent")
                    .setUserAgent("Mozilla/5.0 (X11; Linux x86_64)")
                    .setLocale("de-DE")
                    .build())
            .setType(WebEventType.CART_ADD)
            .setName("Product Added")
            .setProduct(
                Product.newBuilder()
                    .setProductId("tent-2p")
                    .setName("Trail Tent 2P")
                    .setCategory("tents")
                    .setPrice(249.0)
                    .setQuantity(1)
                    .build())
            .build();
    encoded = serializer.serialize(Topics.WEB_EVENTS.name(), event);

    stateSerde = StateSerde.of(ProfileState.class);
    profileState = activeShopper();
    journeyInputs = new ArrayList<>();
    for (WebEventType type : JOURNEY) {
      journeyInputs.add(
          new VisitorInput.Web(
              WebEvent.newBuilder(event)
                  .setMessageId("apply-" + type)
                  .setType(type)
                  .setName(type.name())
                  .build()));
    }
    storedState = stateSerde.serializer().serialize("state", profileState);
    compactStateSerde = ProfileStateCodec.serde();
    storedCompactState = compactStateSerde.serializer().serialize("state", profileState);

    publishedProfile = publishedShopper(profileState);
    tallyKeys = new TallyRules(FitRules.defaults()).keysOf(publishedProfile);
    profileSerde = Topics.PROSPECT_PROFILES.valueSerde(Map.of("schema.registry.url", "mock://jmh"));
    storedProfile =
        profileSerde.serializer().serialize(Topics.PROSPECT_PROFILES.name(), publishedProfile);
    storedSummary =
        summarySerde.serializer().serialize("index", ProfileViews.summary(publishedProfile));
    storedFacets =
        entrySerde.serializer().serialize("index", ProfileViews.facets(publishedProfile));
    ProspectSummary summary = ProfileViews.summary(publishedProfile);
    List<String> indexKeys = new ArrayList<>();
    for (ProspectSort sort : ProspectSort.values()) {
      indexKeys.add(ProspectIndex.key(sort, summary));
    }
    storedEarlierCounted =
        earlierCountedSerde
            .serializer()
            .serialize("keys", new EarlierCounted(tallyKeys, indexKeys));
    storedCounted =
        tallySerde
            .serializer()
            .serialize(
                "keys",
                new VisitorTally(
                    new QueryTallies.Counted(
                        tallyKeys,
                        ProspectIndex.scoresOf(publishedProfile),
                        ProfileViews.facets(publishedProfile)),
                    ForecastTally.countedOf(publishedProfile)));
    visitorShare = ForecastSums.shareOf(publishedProfile);
    ForecastSums group = ForecastSums.NONE;
    for (int i = 0; i < GROUP_VISITORS; i++) {
      group = group.plus(visitorShare);
    }
    storedEarlierSums = earlierSumsSerde.serializer().serialize("forecast", group);
    storedSums = sumsSerde.serializer().serialize("forecast", group);
    PurchaseSnapshot snapshot =
        PurchaseSnapshot.open(publishedProfile, SNAPSHOT_HORIZON, SNAPSHOT_PREDICTION, 60);
    storedEarlierSnapshot = earlierSnapshotSerde.serializer().serialize("snapshots", snapshot);
    storedSnapshot = snapshotSerde.serializer().serialize("snapshots", snapshot);
    IdentityGroup person =
        new IdentityGroup(
            "anon-7f3a",
            List.of("anon-7f3a", "anon-91c2", "user:4411"),
            List.of("user:4411"),
            List.of("email:9b1e0c44d1", "phone:77d2aa0b3e"),
            List.of("merge-anon-91c2-anon-7f3a"),
            List.of());
    storedEarlierGroup = earlierGroupSerde.serializer().serialize("groups", person);
    storedGroup = groupSerde.serializer().serialize("groups", person);
  }

  /**
   * A visitor with three weeks of browsing, carting and a purchase: a typical state to read and
   * write.
   */
  ProfileState activeShopper() {
    ProfileState state = null;
    for (int i = 0; i < 40; i++) {
      Instant at = NOW.minus(Duration.ofHours(500 - i * 12L));
      WebEvent e =
          WebEvent.newBuilder(event)
              .setMessageId("m-" + i)
              .setEventTime(at)
              .setReceivedAt(at)
              .setType(JOURNEY[i % JOURNEY.length])
              .setName(JOURNEY[i % JOURNEY.length].name())
              .setProduct(
                  Product.newBuilder(event.getProduct())
                      .setCategory(i % 3 == 0 ? "tents" : "boots")
                      .build())
              .build();
      state = updater.apply("anon-1234567890", state, new VisitorInput.Web(e)).state();
    }
    return state;
  }

  /** A published profile of {@link #activeShopper()}, in two default segments. */
  static ProspectProfile publishedShopper(ProfileState state) {
    ProspectProfile mapped = new ProfileMapper(ScoringRules.defaults()).toProfile(state, NOW);
    return ProspectProfile.newBuilder(mapped)
        .setSegments(
            DefaultSegments.ALL.stream().limit(2).map(DefaultSegments.Default::segmentId).toList())
        .build();
  }

  /**
   * The query stores' encoding work per publish as it was (issue 15): the listing summary, Smile
   * once for its three index entries, and the visitor's counter keys with its whole index keys as
   * Smile. The counter keys themselves (TallyRules) are the same work before and now: left out.
   */
  @Benchmark
  public int queryIndexEncodingEarlier() {
    ProspectSummary summary = ProfileViews.summary(publishedProfile);
    List<String> index = new ArrayList<>();
    for (ProspectSort sort : ProspectSort.values()) {
      index.add(ProspectIndex.key(sort, summary));
    }
    byte[] entry = summarySerde.serializer().serialize("index", summary);
    byte[] counted =
        earlierCountedSerde.serializer().serialize("keys", new EarlierCounted(tallyKeys, index));
    return entry.length + counted.length;
  }

  /**
   * The same now: the scores and facets read off the profile, the facets once for the entries, the
   * visitor's record (its keys as places in a table of their parts, and since it is one record for
   * every tally, its forecast share) in the compact format.
   */
  @Benchmark
  public int queryIndexEncodingNow() {
    Map<ProspectSort, Double> scores = ProspectIndex.scoresOf(publishedProfile);
    ProspectFacets facets = ProfileViews.facets(publishedProfile);
    List<String> index = ProspectIndex.keysOf(publishedProfile.getVisitorId(), scores);
    byte[] entry = entrySerde.serializer().serialize("index", facets);
    byte[] counted =
        tallySerde
            .serializer()
            .serialize(
                "keys",
                new VisitorTally(
                    new QueryTallies.Counted(tallyKeys, scores, facets),
                    ForecastTally.countedOf(publishedProfile)));
    return entry.length + counted.length + index.size();
  }

  /** The visitor's record in tally-keys-store as each publish read it before (Smile). */
  @Benchmark
  public EarlierCounted countedDecodingEarlier() {
    return earlierCountedSerde.deserializer().deserialize("keys", storedEarlierCounted);
  }

  /** The same now (compact; tally-visitor-store, with the forecast share). */
  @Benchmark
  public VisitorTally countedDecodingNow() {
    return tallySerde.deserializer().deserialize("keys", storedCounted);
  }

  /** A listing row as the index read it before: its Smile summary decoded. */
  @Benchmark
  public ProspectSummary listingRowEarlier() {
    return summarySerde.deserializer().deserialize("index", storedSummary);
  }

  /** A listing row now: the published profile's Avro bytes decoded and summarized. */
  @Benchmark
  public ProspectSummary listingRowNow() {
    return ProfileViews.summary(
        profileSerde.deserializer().deserialize(Topics.PROSPECT_PROFILES.name(), storedProfile));
  }

  /** What a filtered walk decodes per index entry now: the facets. */
  @Benchmark
  public ProspectFacets walkedEntryNow() {
    return entrySerde.deserializer().deserialize("index", storedFacets);
  }

  /**
   * A forecast group's move as a publish or a re-evaluation made it before: the group's sums read,
   * the visitor's share added, the sums written (Smile).
   */
  @Benchmark
  public byte[] forecastMoveEarlier() {
    ForecastSums group = earlierSumsSerde.deserializer().deserialize("forecast", storedEarlierSums);
    return earlierSumsSerde.serializer().serialize("forecast", group.plus(visitorShare));
  }

  /** The same now (compact). */
  @Benchmark
  public byte[] forecastMoveNow() {
    ForecastSums group = sumsSerde.deserializer().deserialize("forecast", storedSums);
    return sumsSerde.serializer().serialize("forecast", group.plus(visitorShare));
  }

  /**
   * What every publish does with its visitor's open purchase snapshot as it was stored before: read
   * it (Smile) and look at the profile for a purchase in its horizon.
   */
  @Benchmark
  public PurchaseSnapshot snapshotObserveEarlier() {
    return earlierSnapshotSerde
        .deserializer()
        .deserialize("snapshots", storedEarlierSnapshot)
        .observe(publishedProfile);
  }

  /** The same now (compact). */
  @Benchmark
  public PurchaseSnapshot snapshotObserveNow() {
    return snapshotSerde
        .deserializer()
        .deserialize("snapshots", storedSnapshot)
        .observe(publishedProfile);
  }

  /**
   * A link of a new id to a person as the identity graph stored it before: the group read (Smile),
   * the id added to its members, the group written.
   */
  @Benchmark
  public byte[] identityLinkEarlier() {
    return earlierGroupSerde
        .serializer()
        .serialize(
            "groups",
            linked(earlierGroupSerde.deserializer().deserialize("groups", storedEarlierGroup)));
  }

  /** The same now (compact). */
  @Benchmark
  public byte[] identityLinkNow() {
    return groupSerde
        .serializer()
        .serialize("groups", linked(groupSerde.deserializer().deserialize("groups", storedGroup)));
  }

  private static IdentityGroup linked(IdentityGroup group) {
    List<String> members = new ArrayList<>(group.members());
    members.add("anon-c0ffee");
    return new IdentityGroup(
        group.canonical(),
        members,
        group.userIds(),
        group.matchKeys(),
        group.mergeIds(),
        group.separatedFrom());
  }

  /** How earlier versions stored a visitor's record in tally-keys-store (Smile). */
  public record EarlierCounted(List<String> tallies, List<String> index) {}

  @TearDown
  public void tearDown() {
    serde.close();
    profileSerde.close();
  }

  /**
   * One event's engagement update (decay of the touched signal, daily cap) and the decayed total.
   */
  @Benchmark
  public double engagementApplyAndScore() {
    String signal = SIGNALS[next++ % SIGNALS.length];
    Map<String, SignalState> updated = engagement.apply(signalStates, signal, NOW);
    return engagement.score(updated, NOW);
  }

  /**
   * One web event applied to a visitor's state (the profile aggregator's rules, store excluded):
   * the next state with its score-history point. The state is always the same one, which never saw
   * these message ids, so none is a duplicate.
   */
  @Benchmark
  public ProfileState applyWebEvent() {
    VisitorInput input = journeyInputs.get(next++ % journeyInputs.size());
    return updater.apply("anon-1234567890", profileState, input).state();
  }

  /** Every default segment evaluated against one profile, as after each profile change. */
  @Benchmark
  public int evaluateDefaultSegments() {
    int matched = 0;
    for (SegmentRule rule : segments) {
      matched += SegmentEvaluator.matches(rule, profileAttributes) ? 1 : 0;
    }
    return matched;
  }

  /** Likely reasons from a visit's observations, as when a hesitation is detected. */
  @Benchmark
  public List<LikelyReason> inferReasons() {
    return reasons.infer(observations, NOW);
  }

  @Benchmark
  public byte[] serializeWebEvent() {
    return serializer.serialize(Topics.WEB_EVENTS.name(), event);
  }

  @Benchmark
  public WebEvent deserializeWebEvent() {
    return deserializer.deserialize(Topics.WEB_EVENTS.name(), encoded);
  }

  /**
   * What every event costs the profile-state store on the way in (the cache holds bytes, not
   * objects).
   */
  @Benchmark
  public ProfileState readProfileState() {
    return stateSerde.deserializer().deserialize("state", storedState);
  }

  @Benchmark
  public byte[] writeProfileState() {
    return stateSerde.serializer().serialize("state", profileState);
  }

  /** One event's state cost: the stored state read, then the updated state written back. */
  @Benchmark
  public byte[] readAndWriteProfileState() {
    ProfileState read = stateSerde.deserializer().deserialize("state", storedState);
    return stateSerde.serializer().serialize("state", read);
  }

  @Benchmark
  public ProfileState readProfileStateCompact() {
    return compactStateSerde.deserializer().deserialize("state", storedCompactState);
  }

  @Benchmark
  public byte[] writeProfileStateCompact() {
    return compactStateSerde.serializer().serialize("state", profileState);
  }

  @Benchmark
  public byte[] readAndWriteProfileStateCompact() {
    ProfileState read = compactStateSerde.deserializer().deserialize("state", storedCompactState);
    return compactStateSerde.serializer().serialize("state", read);
  }
}
