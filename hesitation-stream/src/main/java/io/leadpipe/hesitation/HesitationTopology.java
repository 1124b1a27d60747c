package io.leadpipe.hesitation;

import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.privacy.PrivacyErasure;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.visitor.VisitorId;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.streams.deadletter.DeadLetters;
import io.leadpipe.streams.deadletter.Decoded;
import io.leadpipe.streams.deadletter.SafeDecoder;
import io.leadpipe.streams.privacy.ErasedIds;
import io.leadpipe.streams.state.StateSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
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
 * web + social events → (undecodable → dead letter) → by visitor (records keyed right pass
 * straight, others are re-keyed through one repartition topic) → per-visitor intent episode + one
 * timer in a time-indexed schedule → wall-clock ticks: "visitor left a cart, no purchase for 60 min
 * → CART_ABANDONED with inferred reasons" (and checkout, browse, price watching; RESOLVED on
 * purchase, CLOSED when no longer qualifying) → leadpipe.hesitations. An erased id
 * (leadpipe.privacy-erasures) → its episode and timer deleted, its later events dropped and counted
 * (never dead-lettered). Runs as its own Streams application ({@link #APPLICATION_ID}) with
 * exactly_once_v2.
 */
public final class HesitationTopology {

  /**
   * The Streams application id this topology is meant to run under, next to the profile
   * application.
   */
  public static final String APPLICATION_ID = "leadpipe-hesitations";

  /** Each visitor's intent episode, open hesitation and pending timer (JSON, changelogged). */
  public static final String INTENT_STORE = "hesitation-intents";

  /**
   * The time-indexed timers: {@code <zero-padded due epoch ms>|<visitorId>} → visitorId
   * (changelogged).
   */
  public static final String SCHEDULE_STORE = "hesitation-schedule";

  /**
   * SHA-256 of every erased visitor id → when it was erased: their later events are dropped
   * (changelogged).
   */
  public static final String SUPPRESSION_STORE = "hesitation-suppression";

  /** Name of the repartition steps for records not keyed by their visitor id (none from ingest). */
  public static final String WEB_BY_VISITOR = "hesitation-web-events-by-visitor";

  public static final String SOCIAL_BY_VISITOR = "hesitation-social-events-by-visitor";

  /**
   * Its own name in dead letters and metrics, wherever it runs (inside scoring-stream or as its own
   * service).
   */
  public static final String APPLICATION = "hesitations";

  static final DeadLetters DEAD_LETTERS = new DeadLetters(APPLICATION);

  /** Timers are due at event time + window: a time before this is broken data, not a shopper. */
  private static final Instant EARLIEST_EVENT_TIME = Instant.parse("2000-01-01T00:00:00Z");

  /**
   * Ingest corrects client clock skew, so an event this far ahead of our clock is broken, not
   * early.
   */
  private static final Duration MAX_AHEAD_OF_CLOCK = Duration.ofDays(1);

  private final HesitationConfig config;
  private final Map<String, ?> registryConfig;
  private final DslStoreSuppliers storeSuppliers;

  public HesitationTopology(HesitationConfig config, Map<String, ?> registryConfig) {
    this(config, registryConfig, BuiltInDslStoreSuppliers.ROCKS_DB);
  }

  /**
   * With stores of another kind than RocksDB: the same names, serdes and changelogs. In memory they
   * serve a test driver's reference or measurement runs, which commit after every record and so
   * would flush every RocksDB store that many times.
   */
  public HesitationTopology(
      HesitationConfig config, Map<String, ?> registryConfig, DslStoreSuppliers storeSuppliers) {
    this.config = config;
    this.registryConfig = registryConfig;
    this.storeSuppliers = storeSuppliers;
  }

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    addStores(builder);
    KStream<String, WebEvent> web = byVisitor(decodeSafely(builder, WEB), WEB);
    KStream<String, SocialEvent> social = byVisitor(decodeSafely(builder, SOCIAL), SOCIAL);
    publish(
        detectHesitations(merge(web, social).merge(erasures(builder), Named.as("with-erasures"))));
    return builder.build();
  }

  /**
   * One input: its catalogue topic, a short name for processor names, and whose visitor a record
   * is.
   */
  private record Input<V extends SpecificRecord>(
      Topic<V> topic,
      String name,
      String byVisitor,
      Function<V, String> visitorOf,
      Function<V, Instant> eventTimeOf) {

    /**
     * Timers are due at event time + window, so an event must name its visitor and have a plausible
     * time.
     */
    String problem(V event, long nowMs) {
      if (visitorOf.apply(event) == null) {
        return "event without anonymousId or userId";
      }
      Instant eventTime = eventTimeOf.apply(event);
      Instant latest = Instant.ofEpochMilli(nowMs).plus(MAX_AHEAD_OF_CLOCK);
      if (eventTime.isBefore(EARLIEST_EVENT_TIME) || eventTime.isAfter(latest)) {
        return "eventTime "
            + eventTime
            + " is before "
            + EARLIEST_EVENT_TIME
            + " or more than "
            + MAX_AHEAD_OF_CLOCK
            + " ahead of the clock";
      }
      return null;
    }
  }

  private static final Input<WebEvent> WEB =
      new Input<>(
          Topics.WEB_EVENTS,
          "web",
          WEB_BY_VISITOR,
          e -> VisitorId.of(e.getUserId(), e.getAnonymousId()),
          WebEvent::getEventTime);
  private static final Input<SocialEvent> SOCIAL =
      new Input<>(
          Topics.SOCIAL_EVENTS,
          "social",
          SOCIAL_BY_VISITOR,
          e -> VisitorId.of(e.getUserId(), e.getAnonymousId()),
          SocialEvent::getEventTime);

  /**
   * Stores are declared once, by constant name; both are persistent and changelogged, so timers
   * survive restarts.
   */
  private void addStores(StreamsBuilder builder) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            keyValueStore(INTENT_STORE), Serdes.String(), StateSerde.of(VisitorIntent.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            keyValueStore(SCHEDULE_STORE), Serdes.String(), Serdes.String()));
    builder.addStateStore(ErasedIds.store(keyValueStore(SUPPRESSION_STORE)));
  }

  private KeyValueBytesStoreSupplier keyValueStore(String name) {
    return storeSuppliers.keyValueStore(new DslKeyValueParams(name, false));
  }

  /**
   * Erased visitor ids, keyed like the events (scoring-stream writes one per linked id), so an
   * erasure meets the visitor's episode and timer in the same task. Decoded safely like the events:
   * a record that is not an erasure is dead-lettered instead of stopping the stream thread again
   * and again.
   */
  private KStream<String, SpecificRecord> erasures(StreamsBuilder builder) {
    var decoded =
        builder.stream(
                Topics.PRIVACY_ERASURES.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("privacy-erasures"))
            .process(
                () ->
                    new SafeDecoder<>(
                        DEAD_LETTERS,
                        Topics.PRIVACY_ERASURES,
                        registryConfig,
                        "decode-privacy-erasures",
                        Function.<PrivacyErasure>identity(),
                        (erasure, nowMs) -> null),
                Named.as("decode-privacy-erasures"))
            .split(Named.as("erasures-decoded-"))
            .branch((k, d) -> d.rejected(), Branched.as("bad"))
            .defaultBranch(Branched.as("ok"));
    sendToDeadLetters(
        decoded
            .get("erasures-decoded-bad")
            .mapValues(Decoded::deadLetter, Named.as("undecodable-erasure")),
        "erasures");
    return decoded
        .get("erasures-decoded-ok")
        .mapValues(d -> (SpecificRecord) d.value(), Named.as("erasure-as-record"));
  }

  /**
   * One bad record must not stop the stream: decode ourselves and turn failures into dead letters.
   */
  private <V extends SpecificRecord> KStream<String, V> decodeSafely(
      StreamsBuilder builder, Input<V> input) {
    KStream<String, Decoded<V>> decoded =
        builder.stream(
                input.topic().name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray())
                    .withName(input.name() + "-events"))
            .process(
                () ->
                    new SafeDecoder<>(
                        DEAD_LETTERS,
                        input.topic(),
                        registryConfig,
                        "decode-" + input.name() + "-events",
                        Function.identity(),
                        input::problem),
                Named.as("decode-" + input.name() + "-events"));
    var branches =
        decoded
            .split(Named.as(input.name() + "-decoded-"))
            .branch((k, v) -> v.rejected(), Branched.as("bad"))
            .defaultBranch(Branched.as("ok"));
    sendToDeadLetters(
        branches
            .get(input.name() + "-decoded-bad")
            .mapValues(Decoded::deadLetter, Named.as("undecodable-" + input.name())),
        input.name());
    return branches
        .get(input.name() + "-decoded-ok")
        .mapValues(Decoded::value, Named.as(input.name() + "-event"));
  }

  /**
   * Ingest keys every record by {@link VisitorId#of}, so those go straight on: no repartition. A
   * record from another producer keyed otherwise is re-keyed through a repartition topic and joins
   * the same per-visitor state.
   */
  private <V extends SpecificRecord> KStream<String, V> byVisitor(
      KStream<String, V> events, Input<V> input) {
    var keyed =
        events
            .split(Named.as(input.name() + "-keyed-"))
            .branch((key, e) -> input.visitorOf().apply(e).equals(key), Branched.as("by-visitor"))
            .defaultBranch(Branched.as("otherwise"));
    KStream<String, V> rekeyed =
        keyed
            .get(input.name() + "-keyed-otherwise")
            .selectKey((key, e) -> input.visitorOf().apply(e), Named.as("rekey-" + input.name()))
            .repartition(
                Repartitioned.<String, V>as(input.byVisitor())
                    .withKeySerde(input.topic().keySerde())
                    .withValueSerde(input.topic().valueSerde(registryConfig)));
    return keyed
        .get(input.name() + "-keyed-by-visitor")
        .merge(rekeyed, Named.as("all-" + input.name() + "-by-visitor"));
  }

  /**
   * Web and social events of one visitor meet in one task: both topics are keyed by visitor,
   * equally partitioned.
   */
  private static KStream<String, SpecificRecord> merge(
      KStream<String, WebEvent> web, KStream<String, SocialEvent> social) {
    return web.mapValues(e -> (SpecificRecord) e, Named.as("web-as-record"))
        .merge(
            social.mapValues(e -> (SpecificRecord) e, Named.as("social-as-record")),
            Named.as("visitor-events"));
  }

  /**
   * The episode per visitor and its timers: DETECTED when idle, RESOLVED on purchase, CLOSED when
   * over; erasures.
   */
  private KStream<String, Emitted> detectHesitations(KStream<String, SpecificRecord> events) {
    return events.process(
        () -> new HesitationProcessor(config, HesitationProcessor.originals(registryConfig)),
        Named.as("detect-hesitations"),
        INTENT_STORE,
        SCHEDULE_STORE,
        SUPPRESSION_STORE);
  }

  /** Hesitations to leadpipe.hesitations; an event the detector failed on to the dead letters. */
  private void publish(KStream<String, Emitted> emitted) {
    var outputs =
        emitted
            .split(Named.as("emitted-"))
            .branch((visitor, out) -> out.deadLetter() != null, Branched.as("dead-letters"))
            .defaultBranch(Branched.as("hesitations"));
    publishHesitations(
        outputs.get("emitted-hesitations").mapValues(Emitted::hesitation, Named.as("hesitation")));
    sendToDeadLetters(
        outputs
            .get("emitted-dead-letters")
            .mapValues(Emitted::deadLetter, Named.as("failed-event")),
        "processing");
  }

  private void publishHesitations(KStream<String, Hesitation> hesitations) {
    hesitations.to(
        Topics.HESITATIONS.name(),
        Produced.with(Topics.HESITATIONS.keySerde(), Topics.HESITATIONS.valueSerde(registryConfig))
            .withName("hesitations"));
  }

  /**
   * Dead letters carry topic, partition, offset and the exception so an operator can replay them.
   */
  private void sendToDeadLetters(KStream<String, DeadLetter> deadLetters, String stage) {
    DeadLetters.publish(deadLetters, registryConfig, "dead-letters-" + stage);
  }

  /** What the detector emits: a hesitation, or a dead letter for an event it failed on. */
  record Emitted(Hesitation hesitation, DeadLetter deadLetter) {
    static Emitted of(Hesitation h) {
      return new Emitted(h, null);
    }

    static Emitted of(DeadLetter dl) {
      return new Emitted(null, dl);
    }
  }
}
