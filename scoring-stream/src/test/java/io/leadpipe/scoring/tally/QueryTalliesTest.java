package io.leadpipe.scoring.tally;

import static io.leadpipe.scoring.testing.TopologyFixture.T0;
import static io.leadpipe.scoring.testing.TopologyFixture.traits;
import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.identity.IdentityCommandKind;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.fit.FitRules;
import io.leadpipe.scoring.query.AudienceLens;
import io.leadpipe.scoring.query.Funnel;
import io.leadpipe.scoring.query.ProfileViews;
import io.leadpipe.scoring.query.ProspectFacets;
import io.leadpipe.scoring.query.ProspectFilter;
import io.leadpipe.scoring.query.ProspectIndex;
import io.leadpipe.scoring.query.ProspectSort;
import io.leadpipe.scoring.query.ProspectSummary;
import io.leadpipe.scoring.query.PublishedProfiles;
import io.leadpipe.scoring.query.Ranking;
import io.leadpipe.scoring.query.SegmentSizes;
import io.leadpipe.scoring.query.TallyCounts;
import io.leadpipe.scoring.testing.TopologyFixture;
import io.leadpipe.scoring.topology.ProspectTopology;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.leadpipe.scoring.topology.Stores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The counters and the prospect index follow what segment evaluation publishes: memberships,
 * stages, hesitations, retirements; and the listings' local shares read from them equal a count
 * over every stored profile.
 */
class QueryTalliesTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final String TWO_PAGE_VIEWS =
      "{\"attr\":\"activity.pageViews\",\"op\":\"gte\",\"value\":2}";
  private static final String FEW_PAGE_VIEWS =
      "{\"attr\":\"activity.pageViews\",\"op\":\"lt\",\"value\":2}";

  private final TopologyFixture f = new TopologyFixture();
  private final AudienceLens lens =
      new AudienceLens(FitRules.defaults(), new AudienceLens.Settings(2, 0.5, 20));

  @AfterEach
  void close() {
    f.close();
  }

  private Map<String, Long> counters() {
    Map<String, Long> all = new TreeMap<>();
    KeyValueStore<String, Long> store = f.driver.getKeyValueStore(Stores.TALLY_STORE);
    try (KeyValueIterator<String, Long> it = store.all()) {
      it.forEachRemaining(kv -> all.put(kv.key, kv.value));
    }
    return all;
  }

  private TallyCounts counts() {
    KeyValueStore<String, Long> store = f.driver.getKeyValueStore(Stores.TALLY_STORE);
    try (KeyValueIterator<String, Long> it = store.all()) {
      return TallyCounts.sum(it);
    }
  }

  private List<ProspectProfile> storedProfiles() {
    KeyValueStore<String, byte[]> store = f.driver.getKeyValueStore(Stores.PROFILE_STORE);
    PublishedProfiles decoder = new PublishedProfiles(f.registry);
    List<ProspectProfile> all = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(kv -> all.add(decoder.decode(kv.value)));
    }
    return all;
  }

  private List<ProspectSummary> top(ProspectSort sort, ProspectFilter filter, int keep) {
    KeyValueStore<String, ProspectFacets> store =
        f.driver.getKeyValueStore(Stores.PROSPECT_INDEX_STORE);
    try (KeyValueIterator<String, ProspectFacets> it =
        store.prefixScan(ProspectIndex.prefix(sort), new StringSerializer())) {
      return ProspectIndex.top(
          List.of(new ProspectIndex.Partition(it, visitor -> summaryOf(f.latest(visitor)))),
          filter,
          sort,
          keep);
    }
  }

  private static ProspectSummary summaryOf(ProspectProfile stored) {
    return stored == null ? null : ProfileViews.summary(stored);
  }

  /** LocalProfiles finds the index's local partitions by the tasks that read web events. */
  @Test
  void theIndexLivesInTheTasksThatReadTheVisitorTopics() {
    TopologyDescription description =
        new ProspectTopology(ScoringConfig.defaults(), f.registry).build().describe();
    TopologyDescription.Subtopology withIndex =
        description.subtopologies().stream()
            .filter(
                sub ->
                    sub.nodes().stream()
                        .anyMatch(
                            n ->
                                n instanceof TopologyDescription.Processor p
                                    && p.stores().contains(Stores.PROSPECT_INDEX_STORE)))
            .findFirst()
            .orElseThrow();
    assertThat(withIndex.nodes())
        .filteredOn(n -> n instanceof TopologyDescription.Source)
        .anySatisfy(
            n ->
                assertThat(((TopologyDescription.Source) n).topicSet())
                    .contains(Topics.WEB_EVENTS.name()));
  }

  @Test
  void segmentCountersFollowEnteredAndExited() {
    f.define("browsers", TWO_PAGE_VIEWS);
    f.define("newcomers", FEW_PAGE_VIEWS);
    f.send("v1", WebEventType.PAGE_VIEW, T0);
    f.send("v2", WebEventType.PAGE_VIEW, T0);
    assertThat(counts().segmentSizes())
        .isEqualTo(SegmentSizes.fromCounts(2, Map.of("newcomers", 2L)));

    f.send("v1", WebEventType.PAGE_VIEW, T0.plus(MINUTE));

    assertThat(f.segmentChanges.readValuesToList())
        .extracting(c -> c.getVisitorId() + " " + c.getChange() + " " + c.getSegmentId())
        .contains("v1 ENTERED browsers", "v1 EXITED newcomers");
    assertThat(counts().segmentSizes())
        .isEqualTo(SegmentSizes.fromCounts(2, Map.of("newcomers", 1L, "browsers", 1L)));
    assertThat(counts().total(new ProspectFilter("browsers", null, null))).isEqualTo(1);
    assertThat(counts().total(new ProspectFilter("newcomers", "VISITOR", null))).isEqualTo(1);
  }

  @Test
  void stageAndHesitationCountersMoveWithTheProfile() {
    f.send("v1", WebEventType.PAGE_VIEW, T0);
    assertThat(counts().funnel()).isEqualTo(Funnel.of(List.of("VISITOR")));

    f.send("v1", WebEventType.CART_ADD, T0.plus(MINUTE));
    f.send("v1", WebEventType.CHECKOUT_STARTED, T0.plus(MINUTE.multipliedBy(2)));
    f.hesitation("v1", "h-1", HesitationStatus.DETECTED, T0.plus(Duration.ofHours(1)));
    assertThat(counts().funnel()).isEqualTo(Funnel.of(List.of("HESITATING_BUYER")));
    assertThat(counters())
        .containsEntry("hesitation-kind|CART_ABANDONED", 1L)
        .containsEntry("hesitation-reason|SHIPPING", 1L);

    f.purchase("v1", 80, T0.plus(Duration.ofHours(2)));
    // One facets counter for the visitor, moved whole with the stage.
    assertThat(counters().keySet().stream().filter(k -> k.startsWith("facets|")))
        .singleElement(as(InstanceOfAssertFactories.STRING))
        .startsWith("facets|CUSTOMER|");
    assertThat(counts().total(new ProspectFilter(null, "CUSTOMER", null))).isEqualTo(1);
    assertThat(counts().total(new ProspectFilter(null, "HESITATING_BUYER", null))).isZero();
    assertThat(counts().funnel()).isEqualTo(Funnel.of(List.of("CUSTOMER")));
  }

  @Test
  void anErasedVisitorLeavesEveryCounterAndTheIndex() {
    f.define("browsers", "{\"attr\":\"activity.pageViews\",\"op\":\"gte\",\"value\":1}");
    f.send("keep", WebEventType.PAGE_VIEW, T0);
    Map<String, Long> withKeepOnly = counters();
    f.send("lurker", WebEventType.PAGE_VIEW, T0);
    assertThat(counts().segmentSizes())
        .isEqualTo(SegmentSizes.fromCounts(2, Map.of("browsers", 2L)));

    f.command(IdentityCommandKind.ERASE, null, "lurker", T0.plus(MINUTE));

    assertThat(f.stored("lurker")).isNull();
    assertThat(counters()).isEqualTo(withKeepOnly);
    assertThat(f.driver.getKeyValueStore(Stores.TALLY_VISITOR_STORE).get("lurker")).isNull();
    assertThat(top(ProspectSort.ENGAGEMENT, ProspectFilter.NONE, 10))
        .extracting(ProspectSummary::visitorId)
        .containsExactly("keep");
  }

  @Test
  void aMergedIdIsCountedOnceUnderItsPerson() {
    f.productView("anon-1", "shoes", T0);
    f.send("user-1", WebEventType.PAGE_VIEW, T0);
    assertThat(counts().profiles()).isEqualTo(2);

    f.identify("anon-1", "user-1", traits().build(), T0.plus(MINUTE));

    assertThat(f.stored("anon-1")).isNull();
    assertThat(counts().profiles()).isEqualTo(1);
    assertThat(top(ProspectSort.ENGAGEMENT, ProspectFilter.NONE, 10))
        .extracting(ProspectSummary::visitorId)
        .containsExactly("user-1");
  }

  @Test
  void theIndexGivesTheTopProspectsInOrderWithAFilterAndForgetsOldScores() {
    f.define("carts", "{\"attr\":\"activity.cartAdds\",\"op\":\"gte\",\"value\":1}");
    f.send("a", WebEventType.PAGE_VIEW, T0);
    f.productView("b", "shoes", T0);
    f.send("b", WebEventType.CART_ADD, T0);
    f.send("c", WebEventType.CART_ADD, T0);
    f.productView("d", "bags", T0);
    f.productView("d", "bags", T0.plusSeconds(1));
    f.send("d", WebEventType.CART_ADD, T0.plusSeconds(2));
    f.send("e", WebEventType.PAGE_VIEW, T0);

    List<ProspectSummary> everyone = storedProfiles().stream().map(ProfileViews::summary).toList();
    ProspectFilter inCarts = new ProspectFilter("carts", null, null);
    assertThat(top(ProspectSort.ENGAGEMENT, inCarts, 2))
        .isEqualTo(Ranking.top(everyone, inCarts, ProspectSort.ENGAGEMENT, 2).items())
        .extracting(ProspectSummary::visitorId)
        .containsExactly("d", "b");
    assertThat(top(ProspectSort.ENGAGEMENT, ProspectFilter.NONE, 10))
        .isEqualTo(Ranking.top(everyone, ProspectFilter.NONE, ProspectSort.ENGAGEMENT, 10).items());
    assertThat(counts().total(inCarts)).isEqualTo(3);

    // A score that moves leaves one entry per sort: the old key is gone.
    f.productView("a", "shoes", T0.plus(MINUTE));
    KeyValueStore<String, ProspectFacets> index =
        f.driver.getKeyValueStore(Stores.PROSPECT_INDEX_STORE);
    List<String> entriesOfA = new ArrayList<>();
    try (KeyValueIterator<String, ProspectFacets> it = index.all()) {
      it.forEachRemaining(
          kv -> {
            if (kv.key.endsWith("|a")) {
              entriesOfA.add(kv.key);
            }
          });
    }
    assertThat(entriesOfA)
        .containsExactlyInAnyOrderElementsOf(
            ProspectIndex.keysOf("a", ProspectIndex.scoresOf(f.latest("a"))))
        .as("the scores of the profile are those of the summary a listing shows")
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(ProspectSort.values())
                .map(sort -> ProspectIndex.key(sort, ProfileViews.summary(f.latest("a"))))
                .toList());
  }

  @Test
  void theLocalSharesReadFromTheCountersEqualACountOverEveryStoredProfile() {
    f.define("browsers", TWO_PAGE_VIEWS);
    f.send("v1", WebEventType.PAGE_VIEW, T0);
    f.send("v1", WebEventType.PAGE_VIEW, T0.plusSeconds(5));
    f.identify("v2", traits().setAge(31).setCountry("DE").build(), T0);
    f.send("v2", WebEventType.CART_ADD, T0.plusSeconds(1));
    f.send("v2", WebEventType.CHECKOUT_STARTED, T0.plusSeconds(2));
    f.identify("v3", traits().setAge(62).setCountry("BR").build(), T0);
    f.purchase("v3", 120, T0.plusSeconds(3));

    List<ProspectProfile> profiles = storedProfiles();
    TallyCounts counts = counts();
    assertThat(counts.segmentSizes())
        .isEqualTo(SegmentSizes.of(profiles.stream().map(ProspectProfile::getSegments).toList()));
    assertThat(counts.funnel())
        .isEqualTo(Funnel.of(profiles.stream().map(p -> p.getStage().name()).toList()));
    assertThat(counts.audience(lens))
        .isEqualTo(lens.tally(profiles.stream().map(ProfileViews::member).toList()));
    assertThat(counts.audience(lens).prospects()).isEqualTo(2);
    assertThat(counts.segmentSizes().segments())
        .containsExactly(new SegmentSizes.Size("browsers", null, 1));
  }
}
