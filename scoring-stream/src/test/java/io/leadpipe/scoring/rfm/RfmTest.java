package io.leadpipe.scoring.rfm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RfmTest {

  private static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");
  private static final RfmRules RULES = RfmRules.defaults();

  @Test
  void neverBoughtIsZero() {
    assertThat(Rfm.of(RULES, 0, 0, null, NOW)).isEqualTo(new Rfm(0, 0, 0));
  }

  @Test
  void recentFrequentBigSpenderScoresHigh() {
    assertThat(Rfm.of(RULES, 8, 1200, NOW.minus(Duration.ofDays(3)), NOW))
        .isEqualTo(new Rfm(5, 5, 5));
    assertThat(Rfm.of(RULES, 1, 20, NOW.minus(Duration.ofDays(400)), NOW))
        .isEqualTo(new Rfm(1, 2, 1));
  }

  @Test
  void topCategoriesAreBounded() {
    Map<String, Double> c = Map.of();
    c = TopCategories.add(c, "shoes", 3, 2);
    c = TopCategories.add(c, "bags", 1, 2);
    c = TopCategories.add(c, "hats", 2, 2);
    assertThat(TopCategories.top(c, 5)).containsExactly("shoes", "hats");
  }

  @Test
  void bandsAreConfigurableAndMustAscend() {
    var strict =
        new RfmRules(List.of(1, 2, 3, 4), List.of(2, 3, 4, 5), List.of(10.0, 20.0, 30.0, 40.0));
    assertThat(Rfm.of(strict, 1, 25, NOW.minus(Duration.ofDays(3)), NOW))
        .isEqualTo(new Rfm(3, 1, 3));
    assertThatThrownBy(
            () ->
                new RfmRules(
                    List.of(30, 7, 90, 180),
                    List.of(1, 2, 4, 8),
                    List.of(50.0, 150.0, 400.0, 1000.0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new RfmRules(
                    List.of(7, 30, 90), List.of(1, 2, 4, 8), List.of(50.0, 150.0, 400.0, 1000.0)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
