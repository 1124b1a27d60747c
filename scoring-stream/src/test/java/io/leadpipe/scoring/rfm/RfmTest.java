package io.leadpipe.scoring.rfm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
        assertThat(Rfm.of(RULES, 8, 1200, NOW.minus(Duration.ofDays(3)), NOW)).isEqualTo(new Rfm(5, 5, 5));
        assertThat(Rfm.of(RULES, 1, 20, NOW.minus(Duration.ofDays(400)), NOW)).isEqualTo(new Rfm(1, 2, 1));
    }

    @Test
    void topCategoriesAreBounded() {
        Map<String, Double> c = Map.of();
        c = TopCategories.add(c, "shoes", 3, 2);
        c = TopCategories.add(c, "bags", 1, 2);
        c = TopCategories.add(c, "hats", 2, 2);
        assertThat(TopCategories.top(c, 5)).containsExactly("shoes", "hats");
    }
}
