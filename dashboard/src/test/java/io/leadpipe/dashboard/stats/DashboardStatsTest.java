package io.leadpipe.dashboard.stats;

import static io.leadpipe.dashboard.testing.Records.T0;
import static io.leadpipe.dashboard.testing.Records.decision;
import static io.leadpipe.dashboard.testing.Records.entered;
import static io.leadpipe.dashboard.testing.Records.exited;
import static io.leadpipe.dashboard.testing.Records.hesitation;
import static io.leadpipe.dashboard.testing.Records.surveyAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.dashboard.followups.VisitorFollowups;
import io.leadpipe.dashboard.reasons.ReasonCounts;
import io.leadpipe.dashboard.segments.SegmentSizes;
import io.leadpipe.dashboard.support.DashboardJson;
import io.leadpipe.dashboard.testing.Records;
import io.leadpipe.dashboard.traffic.GroupLag;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.DecisionReason;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DashboardStatsTest {
  private final DashboardStats stats = new DashboardStats(T0.minusSeconds(3600), 10, 100, 10, 5);

  @Test
  void aDetectedHesitationCountsUnderTheSegmentsItsVisitorIsInNow() {
    stats.onSegmentChange(entered("v1", "bargain", "Bargain hunters"));
    stats.onSegmentChange(entered("v1", "hot", "Hot prospects"));
    stats.onSegmentChange(exited("v1", "hot", "Hot prospects"));
    stats.onHesitation(hesitation("v1", HesitationStatus.DETECTED, HesitationReason.PRICE));
    stats.onHesitation(hesitation("v2", HesitationStatus.DETECTED, HesitationReason.SHIPPING));
    // Its later RESOLVED is the same hesitation: not counted again.
    stats.onHesitation(hesitation("v1", HesitationStatus.RESOLVED, HesitationReason.PRICE));

    ReasonCounts reasons = stats.snapshot(T0).hesitationReasons();
    assertThat(reasons.total()).isEqualTo(2);
    assertThat(reasons.overall()).isEqualTo(Map.of("PRICE", 1L, "SHIPPING", 1L));
    assertThat(reasons.bySegment())
        .containsExactly(
            new ReasonCounts.SegmentReasons("bargain", "Bargain hunters", 1, Map.of("PRICE", 1L)));
  }

  @Test
  void surveyAnswersAreTheOnlyWebEventsCountedAndUseTheVisitorKeyRule() {
    stats.onSegmentChange(entered("u-7", "loyal", "Loyal customers"));
    stats.onWebEvent(Records.webEvent("a-1", WebEventType.PRODUCT_VIEW, "Product Viewed").build());
    stats.onWebEvent(
        WebEvent.newBuilder(surveyAnswer("a-1", HesitationReason.REVIEWS, "no reviews yet"))
            .setUserId("u-7")
            .build());

    DashboardSnapshot snapshot = stats.snapshot(T0);
    assertThat(snapshot.survey().statedReasons().overall()).isEqualTo(Map.of("REVIEWS", 1L));
    assertThat(snapshot.survey().statedReasons().bySegment())
        .extracting(ReasonCounts.SegmentReasons::segmentName)
        .containsExactly("Loyal customers");
    assertThat(snapshot.survey().recentComments())
        .extracting(c -> c.text())
        .containsExactly("no reviews yet");
    assertThat(snapshot.feed().recordsRead()).isEqualTo(3);
  }

  @Test
  void decisionsFeedTheFollowUpCounts() {
    stats.onDecision(
        decision("v1", DecisionOutcome.SENT, DecisionReason.OK, FollowupPlay.FREE_SHIPPING, null));
    stats.onDecision(
        decision(
            "v1",
            DecisionOutcome.RECOVERED,
            DecisionReason.ATTRIBUTED,
            FollowupPlay.FREE_SHIPPING,
            59.9));
    stats.onDecision(
        decision("v2", DecisionOutcome.SUPPRESSED, DecisionReason.NO_CONSENT, null, null));

    DashboardSnapshot snapshot = stats.snapshot(T0);
    assertThat(snapshot.followups().sent().total()).isEqualTo(1);
    assertThat(snapshot.followups().suppressed().counts()).isEqualTo(Map.of("NO_CONSENT", 1L));
    assertThat(snapshot.followups().recoveredRevenue()).isEqualTo(59.9);
    assertThat(stats.followupsOf("v1"))
        .extracting(VisitorFollowups.Decision::outcome)
        .containsExactly("RECOVERED", "SENT");
  }

  @Test
  void aDecisionKeepsItsStrategyAndVariantForTheProspectPage() {
    stats.onDecision(Records.strategyDecision("v9", "shipping-first", "holdout", "quiet hours"));

    assertThat(stats.followupsOf("v9"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.strategyId()).isEqualTo("shipping-first");
              assertThat(d.strategyVersion()).isEqualTo(3);
              assertThat(d.variantId()).isEqualTo("holdout");
              assertThat(d.step()).isEqualTo(2);
              assertThat(d.detail()).isEqualTo("quiet hours");
            });
  }

  @Test
  void sampledOffsetsAndQueryAnswersAppearInTheSnapshot() {
    stats.onSegmentChange(entered("v1", "hot", "Hot prospects"));
    stats.onOffsets(T0, Map.of("leadpipe.web-events", 10L), List.of());
    stats.onOffsets(
        T0.plusSeconds(2),
        Map.of("leadpipe.web-events", 30L),
        List.of(new GroupLag("leadpipe-scoring", 4, 6, Map.of("leadpipe.web-events", 4L))));
    stats.onQueryAnswers(
        T0.plusSeconds(2),
        Optional.of(new SegmentSizes(Map.of("hot", 12L, "new", 1L), Map.of("new", "Newcomers"))),
        DashboardJson.read("{\"stages\":[{\"stage\":\"VISITOR\",\"profiles\":3}]}").orElseThrow(),
        null);

    DashboardSnapshot snapshot = stats.snapshot(T0.plusSeconds(2));
    assertThat(snapshot.traffic().topics())
        .containsExactly(new DashboardSnapshot.TopicTraffic("leadpipe.web-events", 10.0, 30));
    assertThat(snapshot.traffic().consumerLag())
        .extracting(GroupLag::group)
        .containsExactly("leadpipe-scoring");
    assertThat(snapshot.segments().available()).isTrue();
    // Names from the query API (current definitions), else from the segment changes seen.
    assertThat(snapshot.segments().names())
        .isEqualTo(Map.of("hot", "Hot prospects", "new", "Newcomers"));
    assertThat(snapshot.segments().history().series())
        .isEqualTo(Map.of("hot", List.of(12L), "new", List.of(1L)));
    assertThat(snapshot.traffic().history().at()).containsExactly(T0.plusSeconds(2).toEpochMilli());
    assertThat(snapshot.funnel().at("/stages/0/profiles").asInt()).isEqualTo(3);
    assertThat(snapshot.audience()).isNull();
  }

  @Test
  void whenTheQueryApiStopsAnsweringTheHistoryStaysButIsMarkedUnavailable() {
    stats.onQueryAnswers(
        T0, Optional.of(new SegmentSizes(Map.of("hot", 1L), Map.of())), null, null);
    stats.onQueryAnswers(T0.plusSeconds(5), Optional.empty(), null, null);

    DashboardSnapshot snapshot = stats.snapshot(T0.plusSeconds(5));
    assertThat(snapshot.segments().available()).isFalse();
    assertThat(snapshot.segments().history().at()).hasSize(1);
  }

  @Test
  void theSnapshotIsWrittenAsJsonWithIsoTimes() {
    stats.onWebEvent(surveyAnswer("a-1", HesitationReason.PRICE, "<img src=x onerror=alert(1)>"));

    String json = DashboardJson.write(stats.snapshot(T0));
    assertThat(json)
        .contains("\"generatedAt\":\"2026-11-23T10:00:00Z\"")
        .contains("\"countingSince\":\"2026-11-23T09:00:00Z\"")
        .contains("\"text\":\"<img src=x onerror=alert(1)>\"");
  }
}
