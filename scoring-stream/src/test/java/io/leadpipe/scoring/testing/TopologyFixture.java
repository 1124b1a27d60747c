package io.leadpipe.scoring.testing;

import io.leadpipe.devkit.test.StateDirectories;
import io.leadpipe.schemas.common.ChannelConsent;
import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.common.ReasonEvidence;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.identity.IdentityCommand;
import io.leadpipe.schemas.identity.IdentityCommandKind;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.schemas.identity.IdentityMerge;
import io.leadpipe.schemas.privacy.PrivacyErasure;
import io.leadpipe.schemas.privacy.PrivacyRequest;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.segment.SegmentCategory;
import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.social.SocialKind;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.visitor.VisitorId;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.identity.IdentityRules;
import io.leadpipe.scoring.query.PublishedProfiles;
import io.leadpipe.scoring.topology.ProspectTopology;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.leadpipe.scoring.topology.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The production topology on a TopologyTestDriver, with the contract's topics and small event
 * builders.
 *
 * <p>Its stores are in memory unless a test restarts the application ({@link #onDisk}, {@link
 * #restartOf}): the driver commits after every input and every wall-clock advance, and each commit
 * flushes every RocksDB store, which made the module's topology tests take minutes. The stores'
 * order and semantics are the same; RocksDB itself is exercised by the integration tests.
 */
public final class TopologyFixture implements AutoCloseable {

  public static final String APPLICATION_ID = "scoring-test";

  public static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  public final TopologyTestDriver driver;
  private final ScoringConfig config;
  public final Map<String, Object> registry;

  /**
   * The driver's state directory: a later fixture on it finds the stores as this one left them,
   * when they are {@link #onDisk}.
   */
  public final String stateDir;

  private final DslStoreSuppliers storeSuppliers;

  public final TestInputTopic<String, WebEvent> web;
  public final TestInputTopic<String, SocialEvent> social;
  public final TestInputTopic<String, IdentityEvent> identities;
  public final TestInputTopic<String, Hesitation> hesitations;
  public final TestInputTopic<String, SegmentDefinition> definitions;
  public final TestOutputTopic<String, ProspectProfile> profiles;
  public final TestOutputTopic<String, SegmentChange> segmentChanges;
  public final TestOutputTopic<String, DeadLetter> deadLetters;
  public final TestInputTopic<String, IdentityCommand> commands;
  public final TestOutputTopic<String, IdentityMerge> merges;
  public final TestOutputTopic<String, PrivacyRequest> privacyRequests;
  public final TestOutputTopic<String, PrivacyErasure> erasures;
  private final AtomicLong ids = new AtomicLong();

  public TopologyFixture() {
    this(ScoringConfig.defaults());
  }

  public TopologyFixture(ScoringConfig config) {
    this(config, IdentityRules.defaults());
  }

  public TopologyFixture(ScoringConfig config, IdentityRules identityRules) {
    this(
        config,
        identityRules,
        StateDirectories.fresh("scoring-topology-test"),
        newRegistry(),
        T0,
        BuiltInDslStoreSuppliers.IN_MEMORY);
  }

  /** A fixture whose stores are on disk (RocksDB), so that {@link #restartOf} can reopen them. */
  public static TopologyFixture onDisk(ScoringConfig config) {
    return new TopologyFixture(
        config,
        IdentityRules.defaults(),
        StateDirectories.fresh("scoring-topology-test"),
        newRegistry(),
        T0,
        BuiltInDslStoreSuppliers.ROCKS_DB);
  }

  private static Map<String, Object> newRegistry() {
    return Map.of("schema.registry.url", "mock://topology-" + UUID.randomUUID());
  }

  /**
   * The application stopped right after its last commit and started again: {@code before} is
   * closed, and a new driver (same schema registry) opens the stores as they were at that commit.
   * Input and output topics start empty. A driver wipes its state directory when it closes, so the
   * directory is copied first (the driver commits, flushing RocksDB, after every input and every
   * wall-clock advance, so the copy is what a crash would leave).
   */
  public static TopologyFixture restartOf(TopologyFixture before, ScoringConfig config) {
    return restartOf(before, config, T0);
  }

  /**
   * As {@link #restartOf(TopologyFixture, ScoringConfig)}, the new driver's clock at {@code
   * wallClock}.
   */
  public static TopologyFixture restartOf(
      TopologyFixture before, ScoringConfig config, Instant wallClock) {
    if (before.storeSuppliers != BuiltInDslStoreSuppliers.ROCKS_DB) {
      throw new IllegalStateException(
          "a restart needs stores that outlive the driver: start the fixture with onDisk");
    }
    String copy = StateDirectories.fresh("scoring-topology-test");
    copyTree(Path.of(before.stateDir), Path.of(copy));
    before.close();
    return new TopologyFixture(
        config,
        IdentityRules.defaults(),
        copy,
        before.registry,
        wallClock,
        BuiltInDslStoreSuppliers.ROCKS_DB);
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals("LOCK")) {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TopologyFixture(
      ScoringConfig config,
      IdentityRules identityRules,
      String stateDir,
      Map<String, Object> registry,
      Instant wallClock,
      DslStoreSuppliers storeSuppliers) {
    this.registry = registry;
    this.stateDir = stateDir;
    this.storeSuppliers = storeSuppliers;
    this.config = config;
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // Its own state directory: drivers of parallel builds (or of one test) never share RocksDB
    // locks.
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    driver =
        new TopologyTestDriver(
            new ProspectTopology(config, identityRules, registry, storeSuppliers).build(),
            props,
            wallClock);
    web = input(Topics.WEB_EVENTS);
    social = input(Topics.SOCIAL_EVENTS);
    identities = input(Topics.IDENTITIES);
    hesitations = input(Topics.HESITATIONS);
    definitions = input(Topics.SEGMENT_DEFINITIONS);
    profiles = output(Topics.PROSPECT_PROFILES);
    segmentChanges = output(Topics.SEGMENT_CHANGES);
    deadLetters = output(Topics.DEAD_LETTERS);
    commands = input(Topics.IDENTITY_COMMANDS);
    merges = output(Topics.IDENTITY_MERGES);
    privacyRequests = output(Topics.PRIVACY_REQUESTS);
    erasures = output(Topics.PRIVACY_ERASURES);
  }

  private <V extends SpecificRecord> TestInputTopic<String, V> input(Topic<V> topic) {
    return driver.createInputTopic(
        topic.name(), new StringSerializer(), topic.valueSerde(registry).serializer());
  }

  private <V extends SpecificRecord> TestOutputTopic<String, V> output(Topic<V> topic) {
    return driver.createOutputTopic(
        topic.name(), topic.keySerde().deserializer(), topic.valueSerde(registry).deserializer());
  }

  /** What a state store's changelog received, values as bytes. */
  public TestOutputTopic<String, byte[]> changelog(String store) {
    return driver.createOutputTopic(
        APPLICATION_ID + "-" + store + "-changelog",
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  public TestInputTopic<String, byte[]> raw(Topic<?> topic) {
    return driver.createInputTopic(topic.name(), new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public void close() {
    driver.close();
  }

  private String nextId() {
    return "m" + ids.incrementAndGet();
  }

  // --- web
  // -----------------------------------------------------------------------------------------------

  public WebEvent.Builder webEvent(String visitor, WebEventType type, Instant at) {
    return WebEvent.newBuilder()
        .setMessageId(nextId())
        .setAnonymousId(visitor)
        .setEventTime(at)
        .setReceivedAt(at)
        .setSource("test")
        .setContext(EventContext.newBuilder().build())
        .setType(type)
        .setName(type.name());
  }

  /** Sends a web event keyed as ingest keys it (the visitor key rule). */
  public WebEvent send(WebEvent e) {
    web.pipeInput(VisitorId.of(e.getUserId(), e.getAnonymousId()), e, e.getEventTime());
    publish();
    return e;
  }

  public WebEvent send(String visitor, WebEventType type, Instant at) {
    return send(webEvent(visitor, type, at).build());
  }

  public WebEvent productView(String visitor, String category, Instant at) {
    return send(
        webEvent(visitor, WebEventType.PRODUCT_VIEW, at)
            .setProduct(
                Product.newBuilder().setProductId("p-" + category).setCategory(category).build())
            .build());
  }

  public WebEvent purchase(String visitor, double revenue, Instant at) {
    return send(
        webEvent(visitor, WebEventType.PURCHASE, at)
            .setOrder(
                OrderInfo.newBuilder().setOrderId("o-" + nextId()).setRevenue(revenue).build())
            .build());
  }

  // --- social, identity, hesitation
  // -------------------------------------------------------------------------

  public SocialEvent.Builder socialEvent(String visitor, SocialKind kind, Instant at) {
    return SocialEvent.newBuilder()
        .setMessageId(nextId())
        .setAnonymousId(visitor)
        .setEventTime(at)
        .setReceivedAt(at)
        .setSource("test")
        .setNetwork("instagram")
        .setKind(kind);
  }

  public SocialEvent send(SocialEvent e) {
    social.pipeInput(VisitorId.of(e.getUserId(), e.getAnonymousId()), e, e.getEventTime());
    publish();
    return e;
  }

  public IdentityEvent identify(String visitor, Traits traits, Instant at) {
    IdentityEvent e =
        IdentityEvent.newBuilder()
            .setMessageId(nextId())
            .setKind(IdentityKind.IDENTIFY)
            .setAnonymousId(visitor)
            .setEventTime(at)
            .setReceivedAt(at)
            .setSource("test")
            .setTraits(traits)
            .build();
    identities.pipeInput(visitor, e, at);
    publish();
    return e;
  }

  /** identify as ingest keys it: by the user id when there is one, else the anonymous id. */
  public IdentityEvent identify(String anonymousId, String userId, Traits traits, Instant at) {
    IdentityEvent e =
        IdentityEvent.newBuilder()
            .setMessageId(nextId())
            .setKind(IdentityKind.IDENTIFY)
            .setAnonymousId(anonymousId)
            .setUserId(userId)
            .setEventTime(at)
            .setReceivedAt(at)
            .setSource("test")
            .setTraits(traits)
            .build();
    identities.pipeInput(VisitorId.of(userId, anonymousId), e, at);
    publish();
    return e;
  }

  /** alias: previousId is the same person as userId (ingest keys it by userId). */
  public IdentityEvent alias(String previousId, String userId, Instant at) {
    IdentityEvent e =
        IdentityEvent.newBuilder()
            .setMessageId(nextId())
            .setKind(IdentityKind.ALIAS)
            .setPreviousId(previousId)
            .setUserId(userId)
            .setEventTime(at)
            .setReceivedAt(at)
            .setSource("test")
            .setTraits(traits().build())
            .build();
    identities.pipeInput(userId, e, at);
    publish();
    return e;
  }

  public void command(IdentityCommandKind kind, String mergeId, String visitorId, Instant at) {
    IdentityCommand c =
        IdentityCommand.newBuilder()
            .setCommandId("cmd-" + nextId())
            .setKind(kind)
            .setMergeId(mergeId)
            .setVisitorId(visitorId)
            .setRequestedBy("ops")
            .setRequestedAt(at)
            .build();
    commands.pipeInput(mergeId != null ? mergeId : visitorId, c, at);
    publish();
  }

  public static Traits.Builder traits() {
    return Traits.newBuilder();
  }

  public static Map<String, ChannelConsent> consent(
      String channel, ConsentStatus status, Instant at) {
    Map<String, ChannelConsent> m = new LinkedHashMap<>();
    m.put(channel, ChannelConsent.newBuilder().setStatus(status).setUpdatedAt(at).build());
    return m;
  }

  public Hesitation hesitation(
      String visitor, String id, HesitationStatus status, Instant detectedAt) {
    return hesitation(visitor, id, status, detectedAt, HesitationReason.SHIPPING);
  }

  /** A hesitation whose likely reasons are {@code primary} (0.8), then PRICE (0.4). */
  public Hesitation hesitation(
      String visitor,
      String id,
      HesitationStatus status,
      Instant detectedAt,
      HesitationReason primary) {
    Hesitation h =
        Hesitation.newBuilder()
            .setHesitationId(id)
            .setVisitorId(visitor)
            .setKind(HesitationKind.CART_ABANDONED)
            .setStatus(status)
            .setStartedAt(detectedAt.minusSeconds(3600))
            .setLastActivityAt(detectedAt.minusSeconds(3600))
            .setDetectedAt(detectedAt)
            .setPrimaryReason(primary)
            .setReasons(
                List.of(
                    ReasonEvidence.newBuilder().setReason(primary).setConfidence(0.8).build(),
                    ReasonEvidence.newBuilder()
                        .setReason(HesitationReason.PRICE)
                        .setConfidence(0.4)
                        .build()))
            .build();
    hesitations.pipeInput(visitor, h, detectedAt);
    publish();
    return h;
  }

  // --- segments and output
  // ------------------------------------------------------------------------------

  public void define(String id, String rule) {
    define(id, 1, rule);
  }

  /** Creates ({@code version} 1) or changes a segment definition, as the admin API writes it. */
  public void define(String id, int version, String rule) {
    definitions.pipeInput(
        id,
        SegmentDefinition.newBuilder()
            .setSegmentId(id)
            .setName(id)
            .setCategory(SegmentCategory.BEHAVIOURAL)
            .setRule(rule)
            .setEnabled(true)
            .setVersion(version)
            .setUpdatedAt(T0)
            .build());
  }

  /**
   * One publish interval of wall-clock time passes: the profiles of every visitor changed since the
   * last publish are published (the fixture's send methods call it after each input).
   */
  public void publish() {
    driver.advanceWallClockTime(config.publishInterval());
  }

  /** The visitor's profile in the queryable store, decoded; null if none. */
  public ProspectProfile stored(String visitor) {
    KeyValueStore<String, byte[]> store = driver.getKeyValueStore(Stores.PROFILE_STORE);
    return new PublishedProfiles(registry).decode(store.get(visitor));
  }

  /**
   * The visitor's latest published profile, as the queryable store holds it (does not drain the
   * output).
   */
  public ProspectProfile latest(String visitor) {
    ProspectProfile p = stored(visitor);
    if (p == null) {
      throw new AssertionError("no profile published for " + visitor);
    }
    return p;
  }
}
