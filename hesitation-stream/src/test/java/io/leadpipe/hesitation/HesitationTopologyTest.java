package io.leadpipe.hesitation;

import static io.leadpipe.hesitation.Events.SHOE;
import static io.leadpipe.hesitation.Events.SOCKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.hesitation.ResolutionOutcome;
import io.leadpipe.schemas.privacy.Hashes;
import io.leadpipe.schemas.privacy.PrivacyErasure;
import io.leadpipe.schemas.social.SocialEvent;
import io.leadpipe.schemas.social.SocialKind;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.streams.privacy.ErasedIds;
import io.leadpipe.streams.schedule.ScheduleKey;
import io.leadpipe.streams.state.StateSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The production topology on TopologyTestDriver; wall-clock time is advanced by hand, no event
 * needed.
 */
class HesitationTopologyTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final String APP = "hesitation-test";
  private static final String V = "visitor-1";

  private final Map<String, Object> registry =
      Map.of("schema.registry.url", "mock://hesitations-" + UUID.randomUUID());
  private final Events shopper = new Events(V);
  private final List<TopologyTestDriver> drivers = new ArrayList<>();
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private Instant wallClock;
  private TestInputTopic<String, WebEvent> web;
  private TestInputTopic<String, SocialEvent> social;
  private TestOutputTopic<String, Hesitation> hesitations;
  private TestOutputTopic<String, DeadLetter> deadLetters;

  @BeforeEach
  void start() {
    startDriver(T0);
  }

  @AfterEach
  void stop() {
    drivers.forEach(TopologyTestDriver::close);
  }

  private void startDriver(Instant wallClock) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(
        StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("driver-" + drivers.size()).toString());
    driver =
        new TopologyTestDriver(
            new HesitationTopology(HesitationConfig.defaults(), registry).build(),
            props,
            wallClock);
    drivers.add(driver);
    this.wallClock = wallClock;
    web =
        driver.createInputTopic(
            Topics.WEB_EVENTS.name(),
            new StringSerializer(),
            Topics.WEB_EVENTS.valueSerde(registry).serializer());
    social =
        driver.createInputTopic(
            Topics.SOCIAL_EVENTS.name(),
            new StringSerializer(),
            Topics.SOCIAL_EVENTS.valueSerde(registry).serializer());
    hesitations =
        driver.createOutputTopic(
            Topics.HESITATIONS.name(),
            Topics.HESITATIONS.keySerde().deserializer(),
            Topics.HESITATIONS.valueSerde(registry).deserializer());
    deadLetters =
        driver.createOutputTopic(
            Topics.DEAD_LETTERS.name(),
            Topics.DEAD_LETTERS.keySerde().deserializer(),
            Topics.DEAD_LETTERS.valueSerde(registry).deserializer());
  }

  private void send(WebEvent e) {
    web.pipeInput(V, e, e.getEventTime());
  }

  /** Moves the driver's wall clock (what fires the punctuator); stream time does not move. */
  private void advanceTo(Instant target) {
    driver.advanceWallClockTime(Duration.between(wallClock, target));
    wallClock = target;
  }

  private static Instant t(Duration sinceT0) {
    return T0.plus(sinceT0);
  }

  private static Duration minutes(long m) {
    return Duration.ofMinutes(m);
  }

  /** One scenario per kind: the events, and the idle window after the last one. */
  private void behaveLike(HesitationKind kind) {
    switch (kind) {
      case CART_ABANDONED -> send(shopper.add(SHOE, T0));
      case CHECKOUT_ABANDONED -> {
        send(shopper.add(SHOE, T0));
        send(shopper.checkoutStarted(89.0, T0, Product.newBuilder(SHOE).setQuantity(1).build()));
      }
      case BROWSE_ABANDONED -> {
        send(shopper.view(SHOE, t(minutes(-20))));
        send(shopper.view(SHOE, t(minutes(-10))));
        send(shopper.view(SHOE, T0));
      }
      case PRICE_WATCHING -> {
        send(shopper.view(SHOE, t(Duration.ofDays(-4))));
        send(shopper.view(SHOE, t(Duration.ofDays(-2))));
        send(shopper.view(SHOE, T0));
      }
      default -> throw new IllegalArgumentException(kind.name());
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = HesitationKind.class,
      names = {"CART_ABANDONED", "CHECKOUT_ABANDONED", "BROWSE_ABANDONED", "PRICE_WATCHING"})
  void eachKindIsDetectedByTheClockAloneWhenItsIdleWindowEnds(HesitationKind kind) {
    Duration idle =
        switch (kind) {
          case CART_ABANDONED, CHECKOUT_ABANDONED -> Duration.ofHours(1);
          default -> Duration.ofHours(2);
        };
    behaveLike(kind);

    advanceTo(T0.plus(idle).minusSeconds(1));
    assertThat(hesitations.isEmpty()).isTrue();
    advanceTo(
        T0.plus(idle).plusMillis(500)); // within one tick of the window's end, with no new event

    List<KeyValue<String, Hesitation>> out = hesitations.readKeyValuesToList();
    assertThat(out)
        .extracting(kv -> kv.key, kv -> kv.value.getKind(), kv -> kv.value.getStatus())
        .containsExactly(tuple(V, kind, HesitationStatus.DETECTED));
    assertThat(out.get(0).value.getDetectedAt()).isEqualTo(T0.plus(idle).plusMillis(500));
    advanceTo(T0.plus(Duration.ofDays(2)));
    assertThat(hesitations.isEmpty()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = HesitationReason.class,
      names = {"PRICE", "REVIEWS", "QUALITY", "SHIPPING", "UNKNOWN"})
  void eachReasonIsInferredFromTheBehaviourBeforeLeaving(HesitationReason reason) {
    send(shopper.add(SHOE, T0));
    WebEventType hint =
        switch (reason) {
          case PRICE -> WebEventType.PRICE_COMPARISON;
          case REVIEWS -> WebEventType.REVIEW_READ;
          case QUALITY -> WebEventType.WARRANTY_VIEWED;
          case SHIPPING -> WebEventType.SHIPPING_INFO_VIEWED;
          default -> WebEventType.PAGE_VIEW;
        };
    WebEvent e = shopper.about(hint, SHOE, t(minutes(1)));
    send(e);
    advanceTo(t(minutes(62)));

    Hesitation h = hesitations.readValue();
    assertThat(h.getPrimaryReason()).isEqualTo(reason);
    if (reason != HesitationReason.UNKNOWN) {
      assertThat(h.getReasons().get(0).getEvidence())
          .extracting(ev -> ev.getSignal(), ev -> ev.getMessageId(), ev -> ev.getAt())
          .containsExactly(tuple(hint.name(), e.getMessageId(), e.getEventTime()));
    } else {
      assertThat(h.getReasons())
          .extracting(r -> r.getReason(), r -> r.getConfidence())
          .containsExactly(tuple(HesitationReason.UNKNOWN, 1.0));
    }
  }

  @Test
  void aSocialQuestionAboutTheProductIsEvidenceForReviews() {
    send(shopper.add(SHOE, T0));
    SocialEvent question =
        shopper.social(
            SocialKind.MESSAGE, "shoe-1", "Is this worth it? Reviews anywhere?", t(minutes(5)));
    social.pipeInput(V, question, question.getEventTime());
    advanceTo(t(minutes(61)));

    Hesitation h = hesitations.readValue();
    assertThat(h.getPrimaryReason()).isEqualTo(HesitationReason.REVIEWS);
    assertThat(h.getReasons().get(0).getEvidence())
        .extracting(ev -> ev.getSignal(), ev -> ev.getMessageId())
        .containsExactly(tuple("SOCIAL_QUESTION", question.getMessageId()));
  }

  @Test
  void newActivityReschedulesTheOneTimerOfTheVisitor() {
    send(shopper.add(SHOE, T0));
    assertThat(scheduled()).containsExactly(ScheduleKey.of(t(minutes(60)).toEpochMilli(), V));
    send(shopper.of(WebEventType.PAGE_VIEW, t(minutes(50))));
    assertThat(scheduled()).containsExactly(ScheduleKey.of(t(minutes(110)).toEpochMilli(), V));

    advanceTo(t(minutes(61)));
    assertThat(hesitations.isEmpty()).isTrue();
    advanceTo(t(minutes(111)));
    assertThat(hesitations.readValuesToList())
        .extracting(Hesitation::getKind)
        .containsExactly(HesitationKind.CART_ABANDONED);
  }

  @Test
  void theTickLooksOnlyAtDueTimersAndLeavesTheOthersScheduled() {
    for (int i = 0; i < 5; i++) {
      String visitor = "v-" + i;
      WebEvent add = new Events(visitor).add(SHOE, t(minutes(10L * i)));
      web.pipeInput(visitor, add, add.getEventTime());
    }
    advanceTo(t(minutes(81)));

    assertThat(hesitations.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly("v-0", "v-1", "v-2");
    // the detected visitors now wait for expiry, the others still for detection; one entry each, in
    // time order
    assertThat(scheduled())
        .containsExactly(
            ScheduleKey.of(t(minutes(90)).toEpochMilli(), "v-3"),
            ScheduleKey.of(t(minutes(100)).toEpochMilli(), "v-4"),
            ScheduleKey.of(t(minutes(81)).plus(Duration.ofDays(14)).toEpochMilli(), "v-0"),
            ScheduleKey.of(t(minutes(81)).plus(Duration.ofDays(14)).toEpochMilli(), "v-1"),
            ScheduleKey.of(t(minutes(81)).plus(Duration.ofDays(14)).toEpochMilli(), "v-2"));
  }

  @Test
  void aPurchaseAfterDetectionIsResolvedAsConvertedWithTheTimeToConvert() {
    send(shopper.add(SHOE, T0));
    advanceTo(t(minutes(60)));
    Hesitation detected = hesitations.readValue();

    send(shopper.purchase("o-42", 89.0, t(minutes(150))));

    Hesitation resolved = hesitations.readValue();
    assertThat(resolved.getHesitationId()).isEqualTo(detected.getHesitationId());
    assertThat(resolved.getStatus()).isEqualTo(HesitationStatus.RESOLVED);
    assertThat(resolved.getResolution().getOutcome()).isEqualTo(ResolutionOutcome.CONVERTED);
    assertThat(resolved.getResolution().getOrderId()).isEqualTo("o-42");
    assertThat(resolved.getResolution().getRevenue()).isEqualTo(89.0);
    assertThat(resolved.getResolution().getTimeToConvertMs()).isEqualTo(minutes(90).toMillis());
    assertThat(hesitations.isEmpty()).isTrue();
  }

  @Test
  void aPurchaseBeforeDetectionEmitsNothingEver() {
    send(shopper.add(SHOE, T0));
    send(shopper.purchase("o-1", 89.0, t(minutes(30))));
    advanceTo(t(Duration.ofDays(20)));
    assertThat(hesitations.isEmpty()).isTrue();
    assertThat(intents().get(V)).isNull(); // nothing left to wait for: the visitor is forgotten
  }

  @Test
  void aCartEmptiedAfterDetectionIsClosedNotChased() {
    send(shopper.add(SHOE, T0));
    advanceTo(t(minutes(60)));
    Hesitation detected = hesitations.readValue();
    send(shopper.remove(SHOE, t(minutes(90))));
    advanceTo(t(minutes(150)));

    Hesitation closed = hesitations.readValue();
    assertThat(closed.getHesitationId()).isEqualTo(detected.getHesitationId());
    assertThat(closed.getStatus()).isEqualTo(HesitationStatus.CLOSED);
    assertThat(closed.getResolution().getOutcome()).isEqualTo(ResolutionOutcome.NOT_QUALIFIED);
    assertThat(hesitations.isEmpty()).isTrue();
  }

  @Test
  void aDetectedVisitorWhoNeverReturnsIsClosedAsExpired() {
    send(shopper.add(SHOE, T0));
    advanceTo(t(minutes(60)));
    hesitations.readValue();
    advanceTo(t(minutes(60)).plus(Duration.ofDays(14)));

    assertThat(hesitations.readValuesToList())
        .extracting(Hesitation::getStatus, h -> h.getResolution().getOutcome())
        .containsExactly(tuple(HesitationStatus.CLOSED, ResolutionOutcome.EXPIRED));
    assertThat(intents().get(V)).isNull();
    assertThat(scheduled()).isEmpty();
  }

  @Test
  void aRedeliveredEventCountsOnce() {
    WebEvent add = shopper.add(SHOE, T0);
    send(add);
    send(add);
    advanceTo(t(minutes(60)));
    assertThat(hesitations.readValue().getProducts())
        .extracting(Product::getQuantity)
        .containsExactly(1);
  }

  @Test
  void recordsFromIngestReachTheDetectorWithoutARepartition() {
    TopologyDescription description =
        new HesitationTopology(HesitationConfig.defaults(), registry).build().describe();
    TopologyDescription.Subtopology detecting =
        description.subtopologies().stream()
            .filter(s -> s.nodes().stream().anyMatch(n -> n.name().equals("detect-hesitations")))
            .findFirst()
            .orElseThrow();
    Set<String> sources =
        detecting.nodes().stream()
            .filter(TopologyDescription.Source.class::isInstance)
            .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream())
            .collect(Collectors.toSet());
    // the catalogue topics (erasures too) are read by the detecting sub-topology itself; only
    // mis-keyed records
    // take the detour
    assertThat(sources)
        .containsExactlyInAnyOrder(
            Topics.WEB_EVENTS.name(),
            Topics.SOCIAL_EVENTS.name(),
            Topics.PRIVACY_ERASURES.name(),
            HesitationTopology.WEB_BY_VISITOR + "-repartition",
            HesitationTopology.SOCIAL_BY_VISITOR + "-repartition");
  }

  @Test
  void aRecordNotKeyedByItsVisitorIsReKeyedAndStillDetected() {
    WebEvent add = shopper.add(SHOE, T0);
    web.pipeInput("some-other-key", add, add.getEventTime());
    advanceTo(t(minutes(60)));
    assertThat(hesitations.readKeyValuesToList())
        .extracting(kv -> kv.key, kv -> kv.value.getVisitorId())
        .containsExactly(tuple(V, V));
  }

  @Test
  void garbageOnEitherInputOrAnImpossibleEventTimeBecomesADeadLetterAndTheStreamGoesOn() {
    TestInputTopic<String, byte[]> rawWeb =
        driver.createInputTopic(
            Topics.WEB_EVENTS.name(), new StringSerializer(), new ByteArraySerializer());
    TestInputTopic<String, byte[]> rawSocial =
        driver.createInputTopic(
            Topics.SOCIAL_EVENTS.name(), new StringSerializer(), new ByteArraySerializer());
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    rawWeb.pipeInput(V, garbage, T0);
    rawSocial.pipeInput(V, garbage, T0);
    WebEvent anonymous = WebEvent.newBuilder(shopper.add(SHOE, T0)).setAnonymousId(null).build();
    web.pipeInput(V, anonymous, T0);
    web.pipeInput(
        V,
        WebEvent.newBuilder(shopper.add(SHOE, T0))
            .setEventTime(Instant.ofEpochMilli(Long.MAX_VALUE))
            .build(),
        T0);
    web.pipeInput(
        V,
        WebEvent.newBuilder(shopper.add(SHOE, T0)).setEventTime(Instant.ofEpochMilli(-1)).build(),
        T0);
    send(shopper.add(SHOE, T0));
    advanceTo(t(minutes(60)));

    List<DeadLetter> letters = deadLetters.readValuesToList();
    assertThat(letters)
        .extracting(
            DeadLetter::getSource,
            DeadLetter::getReason,
            DeadLetter::getTopic,
            DeadLetter::getPartition,
            DeadLetter::getOffset)
        .containsExactlyInAnyOrder(
            tuple(
                Topics.WEB_EVENTS.name(),
                "deserialization-failed",
                Topics.WEB_EVENTS.name(),
                0,
                0L),
            tuple(
                Topics.SOCIAL_EVENTS.name(),
                "deserialization-failed",
                Topics.SOCIAL_EVENTS.name(),
                0,
                0L),
            tuple(Topics.WEB_EVENTS.name(), "invalid-event", Topics.WEB_EVENTS.name(), 0, 1L),
            tuple(Topics.WEB_EVENTS.name(), "invalid-event", Topics.WEB_EVENTS.name(), 0, 2L),
            tuple(Topics.WEB_EVENTS.name(), "invalid-event", Topics.WEB_EVENTS.name(), 0, 3L));
    assertThat(letters)
        .allSatisfy(
            dl -> {
              assertThat(dl.getApplication()).isEqualTo(HesitationTopology.APPLICATION);
              assertThat(dl.getErrorClass()).isNotBlank();
              assertThat(dl.getOriginalValue()).isNotNull();
            });
    assertThat(letters.get(0).getOriginalValue()).isEqualTo(java.nio.ByteBuffer.wrap(garbage));
    assertThat(hesitations.readValuesToList())
        .extracting(Hesitation::getKind)
        .containsExactly(HesitationKind.CART_ABANDONED);
  }

  /** A poison erasure used to fail the stream thread on every restart (the source's serde). */
  @Test
  void aRecordOnTheErasuresTopicThatIsNoErasureBecomesADeadLetterAndTheStreamGoesOn() {
    TestInputTopic<String, byte[]> rawErasures =
        driver.createInputTopic(
            Topics.PRIVACY_ERASURES.name(), new StringSerializer(), new ByteArraySerializer());
    rawErasures.pipeInput(V, "not avro".getBytes(StandardCharsets.UTF_8), T0);
    rawErasures.pipeInput(V, (byte[]) null, T0);
    send(shopper.add(SHOE, T0));
    advanceTo(t(minutes(60)));

    assertThat(deadLetters.readValuesToList())
        .extracting(DeadLetter::getTopic, DeadLetter::getReason, DeadLetter::getOffset)
        .containsExactly(
            tuple(Topics.PRIVACY_ERASURES.name(), "deserialization-failed", 0L),
            tuple(Topics.PRIVACY_ERASURES.name(), "invalid-event", 1L));
    assertThat(hesitations.readValuesToList())
        .extracting(Hesitation::getKind)
        .containsExactly(HesitationKind.CART_ABANDONED);
  }

  /**
   * A restart restores the stores from their changelogs. Here the new driver's stores are filled
   * with exactly what the first one logged (latest value per key, deletions applied): pending
   * timers still fire, fired ones do not fire again.
   */
  @Test
  void
      anErasedVisitorsEpisodeAndTimerAreDeletedAndTheirLaterEventsAreDroppedAndCountedNotDeadLettered() {
    TestInputTopic<String, PrivacyErasure> erasures =
        driver.createInputTopic(
            Topics.PRIVACY_ERASURES.name(),
            new StringSerializer(),
            Topics.PRIVACY_ERASURES.valueSerde(registry).serializer());
    send(shopper.add(SHOE, T0));
    web.pipeInput("visitor-2", new Events("visitor-2").add(SOCKS, T0), T0);
    assertThat(scheduled()).hasSize(2);

    erasures.pipeInput(
        V,
        PrivacyErasure.newBuilder().setRequestId("req-1").setErasedAt(t(minutes(10))).build(),
        t(minutes(10)));
    send(shopper.add(SOCKS, t(minutes(11))));
    advanceTo(t(minutes(90)));

    assertThat(hesitations.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly("visitor-2");
    assertThat(intents().get(V)).isNull();
    assertThat(scheduled()).noneMatch(key -> key.endsWith("|" + V));
    assertThat(driver.getKeyValueStore(HesitationTopology.SUPPRESSION_STORE).get(Hashes.sha256(V)))
        .isEqualTo(t(minutes(10)).toEpochMilli());
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(suppressed()).isEqualTo(1.0);
  }

  private double suppressed() {
    return driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals(ErasedIds.METRIC + "-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  @Test
  void aRestartFromTheChangelogsNeitherLosesNorRepeatsATimer() {
    Events early = new Events("early");
    Events late = new Events("late");
    WebEvent earlyAdd = early.add(SHOE, T0);
    WebEvent lateAdd = late.add(SOCKS, t(minutes(30)));
    web.pipeInput("early", earlyAdd, earlyAdd.getEventTime());
    web.pipeInput("late", lateAdd, lateAdd.getEventTime());
    advanceTo(t(minutes(61)));
    assertThat(hesitations.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("early");
    Map<String, VisitorIntent> intentLog =
        latest(changelog(HesitationTopology.INTENT_STORE, StateSerde.of(VisitorIntent.class)));
    Map<String, String> scheduleLog =
        latest(changelog(HesitationTopology.SCHEDULE_STORE, Serdes.String()));
    driver.close();
    drivers.remove(driver);

    startDriver(t(minutes(61)));
    restore(intents(), intentLog);
    restore(
        driver.<String, String>getKeyValueStore(HesitationTopology.SCHEDULE_STORE), scheduleLog);
    advanceTo(t(minutes(95)));

    assertThat(hesitations.readKeyValuesToList())
        .extracting(kv -> kv.key, kv -> kv.value.getStatus())
        .containsExactly(tuple("late", HesitationStatus.DETECTED));
    advanceTo(t(Duration.ofDays(1)));
    assertThat(hesitations.isEmpty()).isTrue();
  }

  private <V> List<KeyValue<String, V>> changelog(
      String store, org.apache.kafka.common.serialization.Serde<V> serde) {
    return driver
        .createOutputTopic(
            APP + "-" + store + "-changelog", Serdes.String().deserializer(), serde.deserializer())
        .readKeyValuesToList();
  }

  private static <V> Map<String, V> latest(List<KeyValue<String, V>> log) {
    Map<String, V> latest = new LinkedHashMap<>();
    log.forEach(kv -> latest.put(kv.key, kv.value));
    return latest;
  }

  private static <V> void restore(KeyValueStore<String, V> store, Map<String, V> latest) {
    latest.forEach(
        (k, v) -> {
          if (v == null) {
            store.delete(k);
          } else {
            store.put(k, v);
          }
        });
  }

  private KeyValueStore<String, VisitorIntent> intents() {
    return driver.getKeyValueStore(HesitationTopology.INTENT_STORE);
  }

  private List<String> scheduled() {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, String> it =
        driver.<String, String>getKeyValueStore(HesitationTopology.SCHEDULE_STORE).all()) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    return keys;
  }
}
