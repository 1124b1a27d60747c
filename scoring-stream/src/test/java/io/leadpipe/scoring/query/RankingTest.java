package io.leadpipe.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankingTest {

  static ProspectSummary prospect(
      String id,
      double engagement,
      double fit,
      String stage,
      List<String> segments,
      String influenceType) {
    return new ProspectSummary(
        id,
        null,
        stage,
        engagement,
        fit,
        "B",
        0,
        Map.of(
            "purchaseFrequency",
            "NONE",
            "purchaseVolume",
            "NONE",
            "influence",
            influenceType,
            "profileFit",
            "NEAR_TARGET"),
        segments,
        "2026-01-01T00:00:00Z",
        new ProspectSummary.Explanation(List.of(), List.of(), List.of()));
  }

  @Test
  void keepsTheBestMatchingProspectsInRankOrderAndCountsAllThatMatch() {
    List<ProspectSummary> all =
        List.of(
            prospect("a", 10, 90, "VISITOR", List.of(), "NONE"),
            prospect("b", 50, 10, "ENGAGED_PROSPECT", List.of("hot"), "NONE"),
            prospect("c", 30, 50, "ENGAGED_PROSPECT", List.of("hot"), "INFLUENCER"),
            prospect("d", 50, 70, "ENGAGED_PROSPECT", List.of(), "NONE"),
            prospect("e", 40, 60, "CUSTOMER", List.of("hot"), "NONE"));

    ProspectPage engaged =
        Ranking.top(
            all, new ProspectFilter(null, "ENGAGED_PROSPECT", null), ProspectSort.ENGAGEMENT, 2);
    assertThat(engaged.total()).isEqualTo(3);
    // b and d tie on 50: the smaller id first, so pages are stable across instances.
    assertThat(engaged.items()).extracting(ProspectSummary::visitorId).containsExactly("b", "d");

    ProspectPage hotByFit =
        Ranking.top(all, new ProspectFilter("hot", null, null), ProspectSort.FIT, 10);
    assertThat(hotByFit.items())
        .extracting(ProspectSummary::visitorId)
        .containsExactly("e", "c", "b");

    ProspectPage influencers =
        Ranking.top(
            all,
            new ProspectFilter(null, null, new ProspectFilter.LeadType("influence", "INFLUENCER")),
            ProspectSort.ENGAGEMENT,
            10);
    assertThat(influencers.items()).extracting(ProspectSummary::visitorId).containsExactly("c");

    ProspectPage countOnly = Ranking.top(all, ProspectFilter.NONE, ProspectSort.ENGAGEMENT, 0);
    assertThat(countOnly.total()).isEqualTo(5);
    assertThat(countOnly.items()).isEmpty();
  }

  @Test
  void mergingEachInstancesTopGivesExactlyThePagesOfTheGlobalRanking() {
    Random random = new Random(42);
    List<ProspectSummary> everyone = new ArrayList<>();
    List<List<ProspectSummary>> instances =
        List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < 500; i++) {
      // Coarse scores make many ties, the case where pagination usually breaks.
      ProspectSummary p =
          prospect(
              String.format("v%03d", i),
              random.nextInt(20),
              random.nextInt(100),
              random.nextBoolean() ? "VISITOR" : "ENGAGED_PROSPECT",
              List.of(),
              "NONE");
      everyone.add(p);
      instances.get(random.nextInt(3)).add(p);
    }
    ProspectFilter filter = new ProspectFilter(null, "ENGAGED_PROSPECT", null);
    List<ProspectSummary> global =
        everyone.stream().filter(filter::matches).sorted(ProspectSort.ENGAGEMENT.order()).toList();

    List<ProspectSummary> paged = new ArrayList<>();
    for (int offset = 0; offset < global.size() + 40; offset += 40) {
      int pageEnd = offset + 40;
      List<ProspectPage> shares =
          instances.stream()
              .map(local -> Ranking.top(local, filter, ProspectSort.ENGAGEMENT, pageEnd))
              .toList();
      ProspectPage page = Ranking.merge(shares, ProspectSort.ENGAGEMENT, offset, 40);
      assertThat(page.total()).isEqualTo(global.size());
      paged.addAll(page.items());
    }
    assertThat(paged).isEqualTo(global);
  }
}
