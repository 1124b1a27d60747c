package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.profile.Activity;
import io.leadpipe.schemas.profile.FitScore;
import io.leadpipe.schemas.profile.HesitationSummary;
import io.leadpipe.schemas.profile.Influence;
import io.leadpipe.schemas.profile.InfluenceType;
import io.leadpipe.schemas.profile.LeadTypes;
import io.leadpipe.schemas.profile.LifecycleStage;
import io.leadpipe.schemas.profile.ProfileFit;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.profile.Rfm;
import io.leadpipe.schemas.profile.Score;
import io.leadpipe.scoring.fit.FitRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

class TallyRulesTest {

  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
  // "a|segment" and "segment": a free-text id may hold the separator and end like another id.
  private static final List<String> SEGMENTS =
      List.of("hot", "loyal", "bargain", "a|segment", "segment");
  private static final List<String> COUNTRIES = List.of("DE", "FR", "BR", "JP");
  private static final List<String> INTERESTS = List.of("fashion", "gaming", "lifestyle");

  private final TallyRules rules = new TallyRules(FitRules.defaults());
  private final AudienceLens lens =
      new AudienceLens(FitRules.defaults(), new AudienceLens.Settings(2, 0.5, 3));

  static ProspectProfile profile(
      String id,
      LifecycleStage stage,
      List<String> segments,
      Integer age,
      String country,
      List<String> interests,
      InfluenceType influence,
      double engagement) {
    return ProspectProfile.newBuilder()
        .setVisitorId(id)
        .setFirstSeen(T)
        .setLastSeen(T)
        .setUpdatedAt(T)
        .setRevision(1)
        .setActivity(Activity.newBuilder().build())
        .setRfm(Rfm.newBuilder().build())
        .setInterests(interests)
        .setTraits(Traits.newBuilder().setAge(age).setCountry(country).build())
        .setEngagement(Score.newBuilder().setValue(engagement).build())
        .setFit(FitScore.newBuilder().build())
        .setInfluence(Influence.newBuilder().build())
        .setLeadTypes(LeadTypes.newBuilder().setInfluence(influence).build())
        .setStage(stage)
        .setSegments(segments)
        .build();
  }

  @Test
  void aProfileCountsUnderItsStageSegmentsFiltersAudienceAndHesitation() {
    ProspectProfile p =
        profile(
            "v1",
            LifecycleStage.HESITATING_BUYER,
            List.of("hot"),
            30,
            "de",
            List.of("Fashion"),
            InfluenceType.INFLUENCER,
            12);
    p.setCurrentHesitation(
        HesitationSummary.newBuilder()
            .setHesitationId("h-1")
            .setKind(HesitationKind.CART_ABANDONED)
            .setDetectedAt(T)
            .setPrimaryReason(HesitationReason.SHIPPING)
            .build());
    p.setStatedReason(HesitationReason.PRICE);

    assertThat(rules.keysOf(p))
        .doesNotHaveDuplicates()
        .isSorted()
        .contains(
            "facets|HESITATING_BUYER|purchaseFrequency:NONE|purchaseVolume:NONE"
                + "|influence:INFLUENCER|profileFit:OFF_TARGET",
            "segment-facets|HESITATING_BUYER|purchaseFrequency:NONE|purchaseVolume:NONE"
                + "|influence:INFLUENCER|profileFit:OFF_TARGET|hot",
            "audience-known|ageBand",
            "audience-matching|ageBand",
            "audience-value|ageBand|25-34",
            "audience-value|location|DE",
            "audience-matching|location",
            "audience-value|interests|fashion",
            "audience-known|interests",
            "hesitation-kind|CART_ABANDONED",
            "hesitation-reason|SHIPPING",
            "stated-reason|PRICE")
        .doesNotContain("audience-known|gender")
        .noneMatch(k -> k.endsWith("|loyal"));
    // One facets counter, and one per segment: a filter's total, the funnel, the segment sizes
    // and the audience's prospects are sums of those. Nothing counts a visitor per stage or
    // segment besides (an earlier version's keys).
    assertThat(rules.keysOf(p)).filteredOn(k -> k.contains("facets|")).hasSize(1 + 1);
    assertThat(rules.keysOf(p))
        .noneMatch(k -> k.startsWith("stage|") || k.startsWith("segment|"))
        .doesNotContain("profiles|all", "audience|prospects");
    assertThat(TallyRules.byEarlierRules(rules.keysOf(p))).isFalse();
  }

  @Test
  void keysOfAnEarlierVersionAreKnownAsSuch() {
    assertThat(TallyRules.byEarlierRules(List.of("facets|VISITOR", "profiles|all"))).isTrue();
    assertThat(TallyRules.byEarlierRules(List.of("filter|VISITOR|*|*"))).isTrue();
    assertThat(TallyRules.byEarlierRules(List.of("facets|VISITOR", "segment-facets|VISITOR|all")))
        .isFalse();
  }

  @Test
  void aStatedReasonCountsInTheConfusionCellOfTheReasonInferredThenPerSegment() {
    ProspectProfile answered =
        profile(
            "v1",
            LifecycleStage.ENGAGED_PROSPECT,
            List.of("hot", "a|segment"),
            null,
            null,
            List.of(),
            InfluenceType.NONE,
            5);
    answered.setStatedReason(HesitationReason.PRICE);
    answered.setInferredReasonAtStatement(HesitationReason.SHIPPING);
    ProspectProfile unprompted =
        profile(
            "v2", LifecycleStage.VISITOR, List.of(), null, null, List.of(), InfluenceType.NONE, 0);
    unprompted.setStatedReason(HesitationReason.QUALITY);
    ProspectProfile silent =
        profile(
            "v3", LifecycleStage.VISITOR, List.of(), null, null, List.of(), InfluenceType.NONE, 0);
    silent.setInferredReasonAtStatement(HesitationReason.PRICE);

    assertThat(rules.keysOf(answered))
        .filteredOn(k -> k.startsWith("reason-confusion|"))
        .containsExactly(
            "reason-confusion|SHIPPING|PRICE|*",
            "reason-confusion|SHIPPING|PRICE|a|segment",
            "reason-confusion|SHIPPING|PRICE|hot");
    assertThat(rules.keysOf(unprompted))
        .filteredOn(k -> k.startsWith("reason-confusion|"))
        .containsExactly("reason-confusion|NONE|QUALITY|*");
    assertThat(rules.keysOf(silent)).noneMatch(k -> k.startsWith("reason-confusion|"));

    List<KeyValue<String, Long>> counters = new ArrayList<>();
    for (ProspectProfile p : List.of(answered, unprompted, silent)) {
      rules.keysOf(p).forEach(k -> counters.add(KeyValue.pair(k, 1L)));
    }
    TallyCounts counts = TallyCounts.sum(counters.iterator());
    assertThat(counts.reasonConfusion(null).cells())
        .containsExactlyInAnyOrder(
            new ReasonConfusion.Cell("SHIPPING", "PRICE", 1),
            new ReasonConfusion.Cell("NONE", "QUALITY", 1));
    // A segment id holding the separator is read whole, and never as another segment's.
    assertThat(counts.reasonConfusion("a|segment").cells())
        .containsExactly(new ReasonConfusion.Cell("SHIPPING", "PRICE", 1));
    assertThat(counts.reasonConfusion("segment").cells()).isEmpty();
  }

  @Test
  void aVisitorBelowEngagedIsNotPartOfTheAudience() {
    ProspectProfile p =
        profile(
            "v1", LifecycleStage.VISITOR, List.of(), 30, "DE", List.of(), InfluenceType.NONE, 0);
    assertThat(rules.keysOf(p)).noneMatch(k -> k.startsWith("audience"));
  }

  @Test
  void onlyTheDifferenceOfTwoKeySetsIsCounted() {
    assertThat(
            TallyRules.difference(
                List.of("facets|VISITOR", "segment-facets|VISITOR|hot"),
                List.of("facets|CUSTOMER", "segment-facets|VISITOR|hot")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("facets|VISITOR", -1L, "facets|CUSTOMER", 1L));
    assertThat(TallyRules.difference(List.of("a", "b"), List.of()))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", -1L, "b", -1L));
    assertThat(TallyRules.difference(List.of("a"), List.of("a"))).isEmpty();
  }

  @Test
  void countersKeptPerVisitorAndSummedOverPartitionsAnswerLikeCountingEveryProfile() {
    Random random = new Random(7);
    List<ProspectProfile> everyone = new ArrayList<>();
    List<Map<String, Long>> partitions =
        List.of(new java.util.HashMap<>(), new java.util.HashMap<>());
    for (int i = 0; i < 300; i++) {
      ProspectProfile p = randomProfile(random, "v" + i);
      // Each visitor first counted as an earlier version of itself, then moved: what the
      // processor does on every publish.
      ProspectProfile earlier = randomProfile(random, "v" + i);
      Map<String, Long> counters = partitions.get(random.nextInt(partitions.size()));
      apply(counters, TallyRules.difference(List.of(), rules.keysOf(earlier)));
      apply(counters, TallyRules.difference(rules.keysOf(earlier), rules.keysOf(p)));
      everyone.add(p);
    }
    List<KeyValue<String, Long>> entries = new ArrayList<>();
    partitions.forEach(c -> c.forEach((k, n) -> entries.add(KeyValue.pair(k, n))));
    TallyCounts counts = TallyCounts.sum(entries.iterator());

    assertThat(counts.segmentSizes())
        .isEqualTo(SegmentSizes.of(everyone.stream().map(ProspectProfile::getSegments).toList()));
    assertThat(counts.funnel())
        .isEqualTo(Funnel.of(everyone.stream().map(p -> p.getStage().name()).toList()));
    assertThat(counts.audience(lens))
        .isEqualTo(lens.tally(everyone.stream().map(ProfileViews::member).toList()));
    List<ProspectSummary> summaries = everyone.stream().map(ProfileViews::summary).toList();
    for (ProspectFilter filter :
        List.of(
            ProspectFilter.NONE,
            new ProspectFilter("hot", null, null),
            new ProspectFilter(null, "CUSTOMER", null),
            new ProspectFilter(
                "loyal",
                "ENGAGED_PROSPECT",
                new ProspectFilter.LeadType("influence", "INFLUENCER")),
            new ProspectFilter(null, null, new ProspectFilter.LeadType("profileFit", "OFF_TARGET")),
            new ProspectFilter(
                null, "CUSTOMER", new ProspectFilter.LeadType("influence", "INFLUENCER")),
            new ProspectFilter("a|segment", null, null),
            new ProspectFilter(
                "bargain", null, new ProspectFilter.LeadType("influence", "INFLUENCER")))) {
      assertThat(counts.total(filter))
          .as("total of %s", filter)
          .isEqualTo(Ranking.top(summaries, filter, ProspectSort.ENGAGEMENT, 0).total())
          .isPositive();
    }
  }

  private static void apply(Map<String, Long> counters, Map<String, Long> delta) {
    delta.forEach((k, d) -> counters.merge(k, d, (a, b) -> a + b == 0 ? null : a + b));
  }

  private static ProspectProfile randomProfile(Random random, String id) {
    LifecycleStage[] stages = LifecycleStage.values();
    List<String> segments = SEGMENTS.stream().filter(s -> random.nextInt(3) == 0).toList();
    List<String> interests = INTERESTS.stream().filter(s -> random.nextBoolean()).toList();
    InfluenceType[] influence = InfluenceType.values();
    ProspectProfile p =
        profile(
            id,
            stages[random.nextInt(stages.length)],
            segments,
            random.nextBoolean() ? null : 16 + random.nextInt(60),
            random.nextInt(5) == 0 ? null : COUNTRIES.get(random.nextInt(COUNTRIES.size())),
            interests,
            influence[random.nextInt(influence.length)],
            random.nextInt(50));
    p.getLeadTypes().setProfileFit(ProfileFit.values()[random.nextInt(ProfileFit.values().length)]);
    return p;
  }
}
