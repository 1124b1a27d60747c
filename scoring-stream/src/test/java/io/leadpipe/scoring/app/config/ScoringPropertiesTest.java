package io.leadpipe.scoring.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.scoring.engagement.SignalRule;
import io.leadpipe.scoring.influence.InfluenceScorer;
import io.leadpipe.scoring.influence.InfluenceStats;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScoringPropertiesTest {

  private static ScoringConfig bind(Map<String, Object> properties) {
    try (ApplicationContext ctx = ApplicationContext.run(properties)) {
      return ctx.getBean(ScoringConfig.class);
    }
  }

  @Test
  void withoutConfigurationTheServiceScoresWithTheDomainDefaults() {
    ScoringConfig bound = bind(Map.of());
    ScoringConfig defaults = ScoringConfig.defaults();

    assertThat(bound.engagement()).isEqualTo(defaults.engagement());
    assertThat(bound.target()).isEqualTo(defaults.target());
    assertThat(bound.leadTypes()).isEqualTo(defaults.leadTypes());
    assertThat(bound.lifecycle()).isEqualTo(defaults.lifecycle());
    assertThat(bound.dedupeWindow()).isEqualTo(defaults.dedupeWindow());
    assertThat(bound.grace()).isEqualTo(defaults.grace());
    assertThat(bound.segmentCheckInterval()).isEqualTo(defaults.segmentCheckInterval());
  }

  @Test
  void influenceThresholdsDefaultToTheScorersOwn() {
    InfluenceScorer bound = bind(Map.of()).influence();
    InfluenceScorer defaults = InfluenceScorer.defaults();
    // 10 * log10(1 + followers): 9 → 10 (amplifier threshold), 99_999 → 50 (influencer threshold), just below each.
    for (long followers : List.of(0L, 7L, 9L, 99_000L, 99_999L)) {
      InfluenceStats stats = InfluenceStats.none().withFollowers(followers);
      assertThat(bound.type(stats)).as("followers %d", followers).isEqualTo(defaults.type(stats));
    }
  }

  @Test
  void bindsEveryRuleFromLeadpipeScoringProperties() {
    Map<String, Object> p = new HashMap<>();
    p.put("leadpipe.scoring.dedupe-window", "12h");
    p.put("leadpipe.scoring.grace", "30m");
    p.put("leadpipe.scoring.segment-check-interval", "2s");
    p.put("leadpipe.scoring.engagement.negative-page-prefixes", List.of("/jobs"));
    p.put("leadpipe.scoring.engagement.top-factors", 3);
    p.put("leadpipe.scoring.engagement.history-size", 4);
    p.put("leadpipe.scoring.engagement.signals.ADD_TO_CART.points", 12);
    p.put("leadpipe.scoring.engagement.signals.add-to-cart.daily-cap", 5);
    p.put("leadpipe.scoring.engagement.signals.WISHLIST_ADD.points", 4);
    p.put("leadpipe.scoring.engagement.signals.WISHLIST_ADD.half-life", "10d");
    p.put("leadpipe.scoring.engagement.signals.WISHLIST_ADD.daily-cap", 10);
    p.put("leadpipe.scoring.target.min-age", 30);
    p.put("leadpipe.scoring.target.max-age", 60);
    p.put("leadpipe.scoring.target.genders", List.of("female"));
    p.put("leadpipe.scoring.target.locations", List.of("AT", "CH"));
    p.put("leadpipe.scoring.target.interests", List.of());
    p.put("leadpipe.scoring.target.weights.age", 40);
    p.put("leadpipe.scoring.lead-types.frequent-interval", "14d");
    p.put("leadpipe.scoring.lead-types.high-spend", 1000);
    p.put("leadpipe.scoring.lifecycle.engaged-threshold", 25);
    p.put("leadpipe.scoring.influence.influencer-threshold", 80);

    ScoringConfig c = bind(p);

    assertThat(c.dedupeWindow()).isEqualTo(Duration.ofHours(12));
    assertThat(c.grace()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.segmentCheckInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.engagement().negativePagePrefixes()).containsExactly("/jobs");
    assertThat(c.engagement().topFactors()).isEqualTo(3);
    assertThat(c.engagement().historySize()).isEqualTo(4);
    // One key in SCREAMING_CASE, one in kebab-case: both address the same signal; unset fields keep the default.
    assertThat(c.engagement().signals().get("ADD_TO_CART")).isEqualTo(new SignalRule(12, Duration.ofDays(14), 5));
    assertThat(c.engagement().signals().get("WISHLIST_ADD")).isEqualTo(new SignalRule(4, Duration.ofDays(10), 10));
    assertThat(c.engagement().signals().get("PURCHASE")).isEqualTo(ScoringConfig.defaults().engagement().signals().get("PURCHASE"));
    assertThat(c.target().minAge()).isEqualTo(30);
    assertThat(c.target().maxAge()).isEqualTo(60);
    assertThat(c.target().genders()).isEqualTo(Set.of("female"));
    assertThat(c.target().locations()).isEqualTo(Set.of("at", "ch"));
    assertThat(c.target().interests()).isEmpty();
    assertThat(c.target().incomeBands()).isEqualTo(ScoringConfig.defaults().target().incomeBands());
    assertThat(c.target().weights().age()).isEqualTo(40);
    assertThat(c.target().weights().income()).isEqualTo(ScoringConfig.defaults().target().weights().income());
    assertThat(c.leadTypes().frequentInterval()).isEqualTo(Duration.ofDays(14));
    assertThat(c.leadTypes().highSpend()).isEqualTo(1000);
    assertThat(c.leadTypes().regularInterval()).isEqualTo(ScoringConfig.defaults().leadTypes().regularInterval());
    assertThat(c.lifecycle().engagedThreshold()).isEqualTo(25);
    assertThat(c.influence().type(InfluenceStats.none().withFollowers(99_999)))
        .isEqualTo(InfluenceScorer.InfluenceType.AMPLIFIER);
  }

  @Test
  void aNewSignalWithoutAllThreeFieldsFailsStartUp() {
    assertThatThrownBy(() -> bind(Map.of("leadpipe.scoring.engagement.signals.WISHLIST_ADD.points", 4)))
        .hasStackTraceContaining("WISHLIST_ADD has no default rule");
  }
}
