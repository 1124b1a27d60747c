package io.leadpipe.scoring.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.devkit.test.StateDirectories;
import io.leadpipe.schemas.common.Company;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.schemas.profile.LifecycleStage;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.profile.PurchaseFrequency;
import io.leadpipe.schemas.profile.PurchaseVolume;
import io.leadpipe.schemas.segment.SegmentCategory;
import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.OrderInfo;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.identity.IdentityRules;
import io.leadpipe.scoring.query.PublishedProfiles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProspectTopologyTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  private TopologyTestDriver driver;
  private Map<String, Object> registry;
  private TestInputTopic<String, WebEvent> web;
  private TestInputTopic<String, byte[]> rawWeb;
  private TestOutputTopic<String, ProspectProfile> profiles;
  private TestOutputTopic<String, DeadLetter> deadLetters;
  private TestOutputTopic<String, SegmentChange> segmentChanges;
  private TestInputTopic<String, SegmentDefinition> definitions;

  @BeforeEach
  void start() {
    registry = Map.of("schema.registry.url", "mock://topology-" + UUID.randomUUID());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // Its own state directory: drivers of parallel builds (or of one test) never share RocksDB
    // locks.
    props.put(StreamsConfig.STATE_DIR_CONFIG, StateDirectories.fresh("scoring-topology-test"));
    driver =
        new TopologyTestDriver(
            // In memory: a commit after every input flushes every RocksDB store (TopologyFixture).
            new ProspectTopology(
                    ScoringConfig.defaults(),
                    IdentityRules.defaults(),
                    registry,
                    BuiltInDslStoreSuppliers.IN_MEMORY)
                .build(),
            props);
    web =
        driver.createInputTopic(
            Topics.WEB_EVENTS.name(),
            new StringSerializer(),
            Topics.WEB_EVENTS.valueSerde(registry).serializer());
    rawWeb =
        driver.createInputTopic(
            Topics.WEB_EVENTS.name(), new StringSerializer(), new ByteArraySerializer());
    profiles =
        driver.createOutputTopic(
            Topics.PROSPECT_PROFILES.name(),
            Topics.PROSPECT_PROFILES.keySerde().deserializer(),
            Topics.PROSPECT_PROFILES.valueSerde(registry).deserializer());
    deadLetters =
        driver.createOutputTopic(
            Topics.DEAD_LETTERS.name(),
            Topics.DEAD_LETTERS.keySerde().deserializer(),
            Topics.DEAD_LETTERS.valueSerde(registry).deserializer());

    segmentChanges =
        driver.createOutputTopic(
            Topics.SEGMENT_CHANGES.name(),
            Topics.SEGMENT_CHANGES.keySerde().deserializer(),
            Topics.SEGMENT_CHANGES.valueSerde(registry).deserializer());
    definitions =
        driver.createInputTopic(
            Topics.SEGMENT_DEFINITIONS.name(),
            new StringSerializer(),
            Topics.SEGMENT_DEFINITIONS.valueSerde(registry).serializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private static WebEvent event(String id, String visitor, WebEventType type, Instant at) {
    return WebEvent.newBuilder()
        .setMessageId(id)
        .setAnonymousId(visitor)
        .setEventTime(at)
        .setReceivedAt(at)
        .setSource("test")
        .setContext(EventContext.newBuilder().build())
        .setType(type)
        .setName(type.name())
        .build();
  }

  /** One event, then one publish interval of wall-clock time: its profile is published. */
  private void send(WebEvent e) {
    pipe(e);
    publish();
  }

  /** One event, not yet published. */
  private void pipe(WebEvent e) {
    web.pipeInput(e.getAnonymousId(), e, e.getEventTime());
  }

  private void publish() {
    driver.advanceWallClockTime(ScoringConfig.defaults().publishInterval());
  }

  @Test
  void engagementDecaysBetweenEvents() {
    send(event("m1", "v1", WebEventType.CART_ADD, T0));
    send(event("m2", "v1", WebEventType.PRODUCT_VIEW, T0.plus(Duration.ofDays(14))));

    var out = profiles.readValuesToList();
    assertThat(out).extracting(p -> p.getEngagement().getValue()).containsExactly(10.0, 8.0);
    assertThat(out).extracting(ProspectProfile::getRevision).containsExactly(1L, 2L);
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void theQueryableStoreHoldsExactlyTheLastPublishedProfile() {
    send(event("m1", "v1", WebEventType.CART_ADD, T0));
    send(event("m2", "v1", WebEventType.PRODUCT_VIEW, T0.plusSeconds(5)));

    var published = profiles.readValuesToList();
    KeyValueStore<String, byte[]> store = driver.getKeyValueStore(Stores.PROFILE_STORE);
    // Compared as JSON: Avro's generated equals() cannot compare arrays of records with timestamp
    // fields.
    assertThat(new PublishedProfiles(registry).decode(store.get("v1")))
        .hasToString(published.get(published.size() - 1).toString());
    assertThat(store.get("unknown")).isNull();
  }

  @Test
  void dailyCapStopsRepeatsFromCounting() {
    for (int i = 0; i < 22; i++) {
      send(event("m" + i, "v1", WebEventType.PRODUCT_VIEW, T0.plusSeconds(i)));
    }
    var out = profiles.readValuesToList();
    assertThat(out).hasSize(22);
    assertThat(out.get(19).getEngagement().getValue()).isEqualTo(60.0);
    assertThat(out.get(21).getEngagement().getValue()).isEqualTo(60.0);
    assertThat(out.get(21).getActivity().getProductViews()).isEqualTo(22);
  }

  @Test
  void duplicateMessageIdsAreDropped() {
    var e = event("m1", "v1", WebEventType.CART_ADD, T0);
    send(e);
    send(e);

    assertThat(profiles.readKeyValuesToList())
        .extracting(kv -> kv.key + ":" + kv.value.getEngagement().getValue())
        .containsExactly("v1:10.0");
  }

  @Test
  void theSameMessageIdAfterTheDedupeWindowCountsAgain() {
    send(event("m1", "v1", WebEventType.PRODUCT_VIEW, T0));
    send(event("m1", "v1", WebEventType.PRODUCT_VIEW, T0.plus(Duration.ofHours(23))));
    send(event("m1", "v1", WebEventType.PRODUCT_VIEW, T0.plus(Duration.ofHours(25))));

    assertThat(profiles.readValuesToList())
        .extracting(p -> p.getActivity().getProductViews())
        .containsExactly(1, 2);
  }

  @Test
  void lateEventsWithinGraceApplyAndOlderOnesAreDropped() {
    send(event("m1", "v1", WebEventType.PRODUCT_VIEW, T0));
    send(event("m2", "v1", WebEventType.PAGE_VIEW, T0.minus(Duration.ofMinutes(30))));
    send(event("m3", "v1", WebEventType.PAGE_VIEW, T0.minus(Duration.ofHours(2))));

    var out = profiles.readValuesToList();
    assertThat(out).hasSize(2);
    assertThat(out.get(1).getActivity().getPageViews()).isEqualTo(1);
    assertThat(out.get(1).getFirstSeen()).isEqualTo(T0.minus(Duration.ofMinutes(30)));
    assertThat(out.get(1).getLastSeen()).isEqualTo(T0);
  }

  @Test
  void purchasesSetLeadTypesAndStage() {
    send(
        WebEvent.newBuilder(event("m1", "v1", WebEventType.PURCHASE, T0))
            .setOrder(OrderInfo.newBuilder().setRevenue(80.0).build())
            .build());
    send(
        WebEvent.newBuilder(event("m2", "v1", WebEventType.PURCHASE, T0.plus(Duration.ofDays(10))))
            .setOrder(OrderInfo.newBuilder().setRevenue(600.0).build())
            .build());

    var out = profiles.readValuesToList();
    assertThat(out)
        .extracting(ProspectProfile::getStage)
        .containsExactly(LifecycleStage.CUSTOMER, LifecycleStage.REPEAT_CUSTOMER);
    assertThat(out)
        .extracting(p -> p.getLeadTypes().getPurchaseFrequency())
        .containsExactly(PurchaseFrequency.OCCASIONAL, PurchaseFrequency.FREQUENT);
    assertThat(out)
        .extracting(p -> p.getLeadTypes().getPurchaseVolume())
        .containsExactly(PurchaseVolume.LOW, PurchaseVolume.HIGH);
  }

  @Test
  void aCancelledOrderTakesThePurchaseBackAndARefundItsAmount() {
    send(
        WebEvent.newBuilder(event("m1", "v1", WebEventType.PURCHASE, T0))
            .setOrder(OrderInfo.newBuilder().setOrderId("o-1").setRevenue(80.0).build())
            .build());
    send(
        WebEvent.newBuilder(event("m2", "v1", WebEventType.PURCHASE, T0.plusSeconds(60)))
            .setOrder(OrderInfo.newBuilder().setOrderId("o-2").setRevenue(600.0).build())
            .build());
    send(
        WebEvent.newBuilder(event("m3", "v1", WebEventType.ORDER_CANCELLED, T0.plusSeconds(120)))
            .setOrder(OrderInfo.newBuilder().setOrderId("o-2").setRevenue(600.0).build())
            .build());
    send(
        WebEvent.newBuilder(event("m4", "v1", WebEventType.ORDER_REFUNDED, T0.plusSeconds(180)))
            .setOrder(OrderInfo.newBuilder().setOrderId("o-1").setTotal(30.0).build())
            .build());

    var out = profiles.readValuesToList();
    assertThat(out)
        .extracting(ProspectProfile::getStage)
        .containsExactly(
            LifecycleStage.CUSTOMER,
            LifecycleStage.REPEAT_CUSTOMER,
            LifecycleStage.CUSTOMER,
            LifecycleStage.CUSTOMER);
    assertThat(out)
        .extracting(p -> p.getActivity().getPurchases(), p -> p.getRfm().getMonetary())
        .containsExactly(tuple(1, 80.0), tuple(2, 680.0), tuple(1, 80.0), tuple(1, 50.0));
    assertThat(out)
        .extracting(p -> p.getLeadTypes().getPurchaseVolume())
        .containsExactly(
            PurchaseVolume.LOW, PurchaseVolume.HIGH, PurchaseVolume.LOW, PurchaseVolume.LOW);
  }

  @Test
  void aGroupCallPutsTheCompanyOnTheProfileAndIntoFirmographicSegments() {
    definitions.pipeInput(
        "b2b-software",
        SegmentDefinition.newBuilder()
            .setSegmentId("b2b-software")
            .setName("Software accounts, 50+")
            .setCategory(SegmentCategory.DEMOGRAPHIC)
            .setRule(
                "{\"all\":[{\"attr\":\"traits.company.industry\",\"op\":\"eq\",\"value\":\"software\"},"
                    + "{\"attr\":\"traits.company.employees\",\"op\":\"gte\",\"value\":50}]}")
            .setEnabled(true)
            .setVersion(1)
            .setUpdatedAt(T0)
            .build());
    TestInputTopic<String, IdentityEvent> identities =
        driver.createInputTopic(
            Topics.IDENTITIES.name(),
            new StringSerializer(),
            Topics.IDENTITIES.valueSerde(registry).serializer());

    send(event("m1", "v1", WebEventType.SCREEN_VIEW, T0));
    identities.pipeInput(
        "v1",
        IdentityEvent.newBuilder()
            .setMessageId("g1")
            .setKind(IdentityKind.GROUP)
            .setAnonymousId("v1")
            .setGroupId("acme")
            .setEventTime(T0.plusSeconds(1))
            .setReceivedAt(T0.plusSeconds(1))
            .setSource("test")
            .setTraits(
                Traits.newBuilder()
                    .setCompany(
                        Company.newBuilder()
                            .setGroupId("acme")
                            .setName("Acme")
                            .setIndustry("Software")
                            .setEmployees(420)
                            .build())
                    .build())
            .build(),
        T0.plusSeconds(1));
    publish();

    var out = profiles.readValuesToList();
    assertThat(out).extracting(p -> p.getActivity().getPageViews()).containsExactly(1, 1);
    assertThat(out.get(1).getTraits().getCompany().getIndustry()).isEqualTo("Software");
    assertThat(out)
        .extracting(ProspectProfile::getSegments)
        .containsExactly(List.of(), List.of("b2b-software"));
    assertThat(segmentChanges.readValuesToList())
        .extracting(c -> c.getChange() + " " + c.getSegmentId())
        .containsExactly("ENTERED b2b-software");
  }

  @Test
  void undecodableRecordsGoToDeadLettersAndTheStreamKeepsRunning() {
    rawWeb.pipeInput("v1", new byte[] {1, 2, 3});
    send(event("m1", "v1", WebEventType.CART_ADD, T0));

    List<DeadLetter> dls = deadLetters.readValuesToList();
    assertThat(dls).hasSize(1);
    assertThat(dls.get(0).getTopic()).isEqualTo(Topics.WEB_EVENTS.name());
    assertThat(dls.get(0).getPartition()).isZero();
    assertThat(dls.get(0).getOffset()).isZero();
    assertThat(dls.get(0).getErrorClass()).isNotBlank();
    assertThat(profiles.readValuesToList())
        .extracting(p -> p.getEngagement().getValue())
        .containsExactly(10.0);
  }

  @Test
  void profilesEnterAndExitSegmentsAsTheyChange() {
    definitions.pipeInput(
        "engaged",
        SegmentDefinition.newBuilder()
            .setSegmentId("engaged")
            .setName("Engaged")
            .setCategory(SegmentCategory.SCORE)
            .setRule("{\"attr\":\"engagement.score\",\"op\":\"gte\",\"value\":10}")
            .setEnabled(true)
            .setVersion(1)
            .setUpdatedAt(T0)
            .build());

    send(event("m1", "v1", WebEventType.PRODUCT_VIEW, T0));
    send(event("m2", "v1", WebEventType.CART_ADD, T0.plusSeconds(1)));
    send(event("m3", "v1", WebEventType.PRODUCT_VIEW, T0.plusSeconds(2)));
    send(event("m4", "v1", WebEventType.UNSUBSCRIBE, T0.plusSeconds(3)));

    assertThat(segmentChanges.readValuesToList())
        .extracting(
            c ->
                c.getVisitorId()
                    + " "
                    + c.getChange()
                    + " "
                    + c.getSegmentId()
                    + " rev"
                    + c.getProfileRevision())
        .containsExactly("v1 ENTERED engaged rev2", "v1 EXITED engaged rev4");
    assertThat(profiles.readValuesToList())
        .extracting(ProspectProfile::getSegments)
        .containsExactly(List.of(), List.of("engaged"), List.of("engaged"), List.of());
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void aVisitorsEventsWithinOnePublishIntervalMakeOneProfileAndTheNetSegmentChange() {
    definitions.pipeInput(
        "carts",
        definition("carts", 1, "{\"attr\":\"activity.cartAdds\",\"op\":\"gte\",\"value\":1}"));
    pipe(event("m1", "v1", WebEventType.PAGE_VIEW, T0));
    pipe(event("m2", "v1", WebEventType.CART_ADD, T0.plusSeconds(1)));
    pipe(event("m3", "v1", WebEventType.PRODUCT_VIEW, T0.plusSeconds(2)));
    pipe(event("m4", "v2", WebEventType.PAGE_VIEW, T0.plusSeconds(2)));
    assertThat(profiles.isEmpty()).as("nothing before the publish").isTrue();

    publish();

    assertThat(profiles.readKeyValuesToList())
        .extracting(kv -> kv.key + " rev" + kv.value.getRevision() + " " + kv.value.getSegments())
        .containsExactlyInAnyOrder("v1 rev3 [carts]", "v2 rev1 []");
    assertThat(segmentChanges.readValuesToList())
        .extracting(c -> c.getVisitorId() + " " + c.getChange() + " rev" + c.getProfileRevision())
        .containsExactly("v1 ENTERED rev3");
    publish();
    assertThat(profiles.isEmpty()).as("published once, not again").isTrue();
  }

  @Test
  void enteringAndLeavingWithinOneIntervalIsNoChangeForSubscribers() {
    definitions.pipeInput(
        "engaged",
        definition("engaged", 1, "{\"attr\":\"engagement.score\",\"op\":\"gte\",\"value\":10}"));
    pipe(event("m1", "v1", WebEventType.CART_ADD, T0));
    pipe(event("m2", "v1", WebEventType.UNSUBSCRIBE, T0.plusSeconds(1)));
    publish();

    assertThat(profiles.readValuesToList())
        .extracting(p -> p.getRevision() + " " + p.getSegments())
        .containsExactly("2 []");
    assertThat(segmentChanges.isEmpty()).isTrue();
  }

  @Test
  void changingADefinitionReevaluatesExistingProfilesWithoutNewEvents() {
    send(event("m1", "v1", WebEventType.CART_ADD, T0));
    send(event("m2", "v2", WebEventType.PAGE_VIEW, T0));
    assertThat(profiles.readValuesToList()).hasSize(2);

    definitions.pipeInput(
        "carts",
        definition("carts", 1, "{\"attr\":\"activity.cartAdds\",\"op\":\"gte\",\"value\":1}"));
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertThat(segmentChanges.readValuesToList())
        .extracting(c -> c.getVisitorId() + " " + c.getChange() + " " + c.getCause())
        .containsExactly("v1 ENTERED definition changed");
    // v2's membership does not change: nothing is published for it.
    assertThat(profiles.readKeyValuesToList())
        .extracting(kv -> kv.key + " " + kv.value.getSegments())
        .containsExactly("v1 [carts]");

    definitions.pipeInput("carts", (SegmentDefinition) null);
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertThat(segmentChanges.readValuesToList())
        .extracting(c -> c.getVisitorId() + " " + c.getChange() + " " + c.getCause())
        .containsExactly("v1 EXITED segment deleted or disabled");
    assertThat(profiles.readKeyValuesToList())
        .extracting(kv -> kv.key + " " + kv.value.getSegments())
        .containsExactly("v1 []");

    driver.advanceWallClockTime(Duration.ofSeconds(5));
    assertThat(segmentChanges.isEmpty()).isTrue();
    assertThat(profiles.isEmpty()).isTrue();
  }

  private static SegmentDefinition definition(String id, int version, String rule) {
    return SegmentDefinition.newBuilder()
        .setSegmentId(id)
        .setName(id)
        .setCategory(SegmentCategory.BEHAVIOURAL)
        .setRule(rule)
        .setEnabled(true)
        .setVersion(version)
        .setUpdatedAt(T0)
        .build();
  }
}
