package io.leadpipe.scoring.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngagementScorerTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  private final EngagementRules rules =
      new EngagementRules(
          Map.of(
              "PRODUCT_VIEW", new SignalRule(4, Duration.ofDays(7), 3),
              "ADD_TO_CART", new SignalRule(10, Duration.ofDays(14), 20),
              "UNSUBSCRIBE", new SignalRule(-20, Duration.ofDays(90), 20)),
          List.of("/careers"),
          "CAREERS_PAGE",
          2);
  private final EngagementScorer scorer = new EngagementScorer(rules);

  @Test
  void pointsHalveAfterEachHalfLife() {
    var s = scorer.apply(Map.of(), "PRODUCT_VIEW", T0);

    assertThat(scorer.score(s, T0)).isEqualTo(4.0);
    assertThat(scorer.score(s, T0.plus(Duration.ofDays(7)))).isEqualTo(2.0);
    assertThat(scorer.score(s, T0.plus(Duration.ofDays(14)))).isEqualTo(1.0);
  }

  @Test
  void eachSignalDecaysWithItsOwnHalfLife() {
    var s = scorer.apply(Map.of(), "PRODUCT_VIEW", T0);
    s = scorer.apply(s, "ADD_TO_CART", T0);

    // 4 x 0.5^(14/7) + 10 x 0.5^(14/14) = 1 + 5
    assertThat(scorer.score(s, T0.plus(Duration.ofDays(14)))).isEqualTo(6.0);
  }

  @Test
  void repeatsBeyondTheDailyCapDoNotCountButTheNextDayCountsAgain() {
    Map<String, SignalState> s = Map.of();
    for (int i = 0; i < 10; i++) {
      s = scorer.apply(s, "PRODUCT_VIEW", T0.plusSeconds(i));
    }
    assertThat(scorer.score(s, T0.plusSeconds(10))).isCloseTo(12.0, within(0.01));

    s = scorer.apply(s, "PRODUCT_VIEW", T0.plus(Duration.ofDays(1)));
    assertThat(s.get("PRODUCT_VIEW").countOnDay()).isEqualTo(1);
    assertThat(scorer.score(s, T0.plus(Duration.ofDays(1))))
        .isCloseTo(12.0 * Math.pow(0.5, 1.0 / 7) + 4, within(0.1));
  }

  @Test
  void negativeSignalsLowerTheScoreAndShowInTheExplanation() {
    var s = scorer.apply(Map.of(), "ADD_TO_CART", T0);
    s = scorer.apply(s, "UNSUBSCRIBE", T0);

    assertThat(scorer.score(s, T0)).isEqualTo(-10.0);
    assertThat(scorer.topFactors(s, T0))
        .containsExactly(
            new EngagementFactor("UNSUBSCRIBE", -20.0, T0),
            new EngagementFactor("ADD_TO_CART", 10.0, T0));
  }

  @Test
  void lateEventsGiveTheSameScoreAsInOrderEvents() {
    var inOrder =
        scorer.apply(
            scorer.apply(Map.of(), "ADD_TO_CART", T0), "ADD_TO_CART", T0.plus(Duration.ofDays(2)));
    var late =
        scorer.apply(
            scorer.apply(Map.of(), "ADD_TO_CART", T0.plus(Duration.ofDays(2))), "ADD_TO_CART", T0);

    Instant now = T0.plus(Duration.ofDays(5));
    assertThat(scorer.score(late, now)).isEqualTo(scorer.score(inOrder, now));
  }

  @Test
  void unknownSignalsAreIgnored() {
    Map<String, SignalState> s = Map.of();
    assertThat(scorer.apply(s, "SOMETHING_NEW", T0)).isSameAs(s);
  }

  @Test
  void careersPagePathCountsAsTheNegativeSignal() {
    assertThat(rules.classifyPageView("/Careers/backend-engineer")).isEqualTo("CAREERS_PAGE");
    assertThat(rules.classifyPageView("/shoes/running")).isEqualTo("PAGE_VIEW");
    assertThat(rules.classifyPageView(null)).isEqualTo("PAGE_VIEW");
  }
}
