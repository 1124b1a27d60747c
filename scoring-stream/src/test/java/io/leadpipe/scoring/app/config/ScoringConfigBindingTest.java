package io.leadpipe.scoring.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.scoring.engagement.SignalRule;
import io.leadpipe.scoring.profile.ScoringRules;
import io.leadpipe.scoring.propensity.PropensitySettings;
import io.leadpipe.scoring.retention.RetentionPolicy;
import io.leadpipe.scoring.topology.ScoringConfig;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code leadpipe.scoring.*} bound onto {@link ScoringConfig#defaults()} by {@link
 * ScoringConfigFactory}.
 */
class ScoringConfigBindingTest {

  private static final ScoringRules D = ScoringConfig.defaults().rules();

  private static ScoringConfig bind(Map<String, Object> properties) {
    try (ApplicationContext ctx = ApplicationContext.run(withoutDashboard(properties))) {
      return ctx.getBean(ScoringConfig.class);
    }
  }

  @Test
  void withoutConfigurationTheServiceScoresWithTheDomainDefaults() {
    assertThat(bind(Map.of())).isEqualTo(ScoringConfig.defaults());
  }

  @Test
  void bindsEveryRuleFromLeadpipeScoringProperties() {
    Map<String, Object> p = new HashMap<>();
    p.put("leadpipe.scoring.dedupe-window", "12h");
    p.put("leadpipe.scoring.grace", "30m");
    p.put("leadpipe.scoring.segment-check-interval", "2s");
    p.put("leadpipe.scoring.reevaluation.chunk-size", 500);
    p.put("leadpipe.scoring.reevaluation.interval", "100ms");
    p.put("leadpipe.scoring.engagement.negative-page-prefixes", List.of("/jobs"));
    p.put("leadpipe.scoring.engagement.negative-page-signal", "JOB_SEEKER");
    p.put("leadpipe.scoring.engagement.top-factors", 3);
    p.put("leadpipe.scoring.engagement.signals.ADD_TO_CART.points", 12);
    p.put("leadpipe.scoring.engagement.signals.add-to-cart.daily-cap", 5);
    p.put("leadpipe.scoring.engagement.signals.JOB_SEEKER.points", -15);
    p.put("leadpipe.scoring.engagement.signals.JOB_SEEKER.half-life", "10d");
    p.put("leadpipe.scoring.engagement.signals.JOB_SEEKER.daily-cap", 10);
    p.put("leadpipe.scoring.target.min-age", 30);
    p.put("leadpipe.scoring.target.max-age", 60);
    p.put("leadpipe.scoring.target.genders", List.of("female"));
    p.put("leadpipe.scoring.target.locations", List.of("AT", "CH"));
    p.put("leadpipe.scoring.target.interests", List.of());
    p.put("leadpipe.scoring.target.weights.age", 40);
    p.put("leadpipe.scoring.fit.grade-a", 90);
    p.put("leadpipe.scoring.fit.interests-for-full-match", 3);
    p.put("leadpipe.scoring.influence.per-referred-buyer", 25);
    p.put("leadpipe.scoring.influence.influencer-threshold", 80);
    p.put("leadpipe.scoring.lead-types.frequent-interval", "14d");
    p.put("leadpipe.scoring.lead-types.high-spend", 1000);
    p.put("leadpipe.scoring.rfm.recency-days", List.of(3, 14, 60, 120));
    p.put("leadpipe.scoring.lifecycle.engaged-threshold", 25);
    p.put("leadpipe.scoring.activity.session-inactivity", "45m");
    p.put("leadpipe.scoring.referral.attribution-window", "7d");
    p.put("leadpipe.scoring.history.size", 20);
    p.put("leadpipe.scoring.limits.cart-lines-kept", 30);

    ScoringConfig c = bind(p);
    ScoringRules r = c.rules();

    assertThat(c.dedupeWindow()).isEqualTo(Duration.ofHours(12));
    assertThat(c.grace()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.segmentCheckInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.reevaluation())
        .isEqualTo(
            new ScoringConfig.Reevaluation(
                500,
                Duration.ofMillis(100),
                ScoringConfig.Reevaluation.DEFAULT_TIME_BUDGET,
                ScoringConfig.Reevaluation.DEFAULT_THREAD_TIME_BUDGET));
    assertThat(r.engagement().negativePagePrefixes()).containsExactly("/jobs");
    assertThat(r.engagement().negativePageSignal()).isEqualTo("JOB_SEEKER");
    assertThat(r.engagement().topFactors()).isEqualTo(3);
    // One key in SCREAMING_CASE, one in kebab-case: both address the same signal; unset fields keep
    // the default.
    assertThat(r.engagement().signals().get("ADD_TO_CART"))
        .isEqualTo(new SignalRule(12, Duration.ofDays(14), 5));
    assertThat(r.engagement().signals().get("JOB_SEEKER"))
        .isEqualTo(new SignalRule(-15, Duration.ofDays(10), 10));
    assertThat(r.engagement().signals().get("PURCHASE"))
        .isEqualTo(D.engagement().signals().get("PURCHASE"));
    var target = r.fit().target();
    assertThat(target.minAge()).isEqualTo(30);
    assertThat(target.maxAge()).isEqualTo(60);
    assertThat(target.genders()).isEqualTo(Set.of("female"));
    assertThat(target.locations()).isEqualTo(Set.of("at", "ch"));
    assertThat(target.interests()).isEmpty();
    assertThat(target.incomeBands()).isEqualTo(D.fit().target().incomeBands());
    assertThat(target.weights().age()).isEqualTo(40);
    assertThat(target.weights().income()).isEqualTo(D.fit().target().weights().income());
    assertThat(r.fit().gradeA()).isEqualTo(90);
    assertThat(r.fit().gradeB()).isEqualTo(D.fit().gradeB());
    assertThat(r.fit().interestsForFullMatch()).isEqualTo(3);
    assertThat(r.influence().perReferredBuyer()).isEqualTo(25);
    assertThat(r.influence().influencerThreshold()).isEqualTo(80);
    assertThat(r.influence().perShare()).isEqualTo(D.influence().perShare());
    assertThat(r.leadTypes().frequentInterval()).isEqualTo(Duration.ofDays(14));
    assertThat(r.leadTypes().highSpend()).isEqualTo(1000);
    assertThat(r.leadTypes().regularInterval()).isEqualTo(D.leadTypes().regularInterval());
    assertThat(r.rfm().recencyDays()).containsExactly(3, 14, 60, 120);
    assertThat(r.rfm().monetarySpend()).isEqualTo(D.rfm().monetarySpend());
    assertThat(r.lifecycle().engagedThreshold()).isEqualTo(25);
    assertThat(r.activity().sessionInactivity()).isEqualTo(Duration.ofMinutes(45));
    assertThat(r.activity().topCategories()).isEqualTo(D.activity().topCategories());
    assertThat(r.referral().attributionWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(r.history().size()).isEqualTo(20);
    assertThat(r.limits().cartLinesKept()).isEqualTo(30);
    assertThat(r.limits().categoriesKept()).isEqualTo(D.limits().categoriesKept());
  }

  @Test
  void aNewSignalWithoutAllThreeFieldsFailsStartUp() {
    assertThatThrownBy(
            () -> bind(Map.of("leadpipe.scoring.engagement.signals.WISHLIST_ADD.points", 4)))
        .hasStackTraceContaining(
            "leadpipe.scoring.engagement.signals.WISHLIST_ADD: has no default to start from:"
                + " set half-life, daily-cap");
  }

  @Test
  void aNewSignalWithAllThreeFieldsIsAdded() {
    ScoringConfig c =
        bind(
            Map.of(
                "leadpipe.scoring.engagement.signals.wishlist-add.points", 4,
                "leadpipe.scoring.engagement.signals.wishlist-add.half-life", "PT72H",
                "leadpipe.scoring.engagement.signals.wishlist-add.daily-cap", 3));
    assertThat(c.rules().engagement().signals())
        .containsEntry("WISHLIST_ADD", new SignalRule(4, Duration.ofDays(3), 3));
  }

  @Test
  void anUnknownKeyFailsStartUpWithItsName() {
    assertThatThrownBy(
            () ->
                ApplicationContext.run(
                    withoutDashboard(Map.of("leadpipe.scoring.fit.grade-e", 10))))
        .hasStackTraceContaining(
            "leadpipe.scoring.fit.grade-e: unknown key; allowed here: target, grade-a, grade-b,"
                + " grade-c, interests-for-full-match");
    assertThatThrownBy(
            () ->
                ApplicationContext.run(
                    withoutDashboard(Map.of("leadpipe.scoring.dedup-window", "1h"))))
        .hasStackTraceContaining(
            "leadpipe.scoring.dedup-window: unknown key; allowed here: engagement, fit,")
        .hasStackTraceContaining("dedupe-window");
  }

  @Test
  void anInvalidValueFailsStartUpWithTheExpectedType() {
    assertThatThrownBy(() -> bind(Map.of("leadpipe.scoring.grace", "an hour")))
        .hasStackTraceContaining("leadpipe.scoring.grace: expected a duration such as 100ms");
    assertThatThrownBy(() -> bind(Map.of("leadpipe.scoring.history.size", "ten")))
        .hasStackTraceContaining(
            "leadpipe.scoring.history.size: expected a whole number, got 'ten'");
  }

  @Test
  void theServicesOwnKeysUnderLeadpipeScoringAreNotRules() {
    Map<String, Object> p = new HashMap<>();
    p.put("leadpipe.scoring.instance.advertised-host", "scoring-1");
    p.put("leadpipe.scoring.topics.provision", false);
    p.put("leadpipe.scoring.streams.application-id", "x");
    p.put("leadpipe.scoring.streams.properties.consumer.max.poll.records", 10);
    p.put("leadpipe.scoring.segments.seed-defaults", false);
    p.put("leadpipe.scoring.query.max-limit", 10);
    assertThat(bind(p)).isEqualTo(ScoringConfig.defaults());
  }

  @Test
  void theAnonymousRetentionIsBoundAndMustBePositive() {
    assertThat(bind(Map.of("leadpipe.scoring.retention.anonymous-inactivity", "90d")).retention())
        .isEqualTo(new RetentionPolicy(Duration.ofDays(90)));
    assertThat(bind(Map.of()).retention().anonymousInactivity()).isEqualTo(Duration.ofDays(180));
    assertThatThrownBy(() -> bind(Map.of("leadpipe.scoring.retention.anonymous-inactivity", "0s")))
        .hasStackTraceContaining("leadpipe.scoring.retention")
        .hasStackTraceContaining("anonymousInactivity must be positive");
  }

  @Test
  void rulesTheDomainRejectsFailStartUp() {
    assertThatThrownBy(
            () -> bind(Map.of("leadpipe.scoring.rfm.recency-days", List.of(30, 7, 90, 180))))
        .hasStackTraceContaining("recencyDays must be strictly ascending");
  }

  @Test
  void theReevaluationTimeBudgetsAreBound() {
    assertThat(
            bind(Map.of(
                    "leadpipe.scoring.reevaluation.time-budget",
                    "35ms",
                    "leadpipe.scoring.reevaluation.thread-time-budget",
                    "80ms"))
                .reevaluation())
        .isEqualTo(
            new ScoringConfig.Reevaluation(
                ScoringConfig.Reevaluation.DEFAULT_CHUNK_SIZE,
                ScoringConfig.Reevaluation.DEFAULT_INTERVAL,
                Duration.ofMillis(35),
                Duration.ofMillis(80)));
  }

  @Test
  void anUnusableReevaluationSettingFailsStartUpNamingIt() {
    assertThatThrownBy(() -> bind(Map.of("leadpipe.scoring.reevaluation.chunk-size", 0)))
        .hasStackTraceContaining("leadpipe.scoring.reevaluation")
        .hasStackTraceContaining("chunk-size must be at least 1, got 0");
    assertThatThrownBy(() -> bind(Map.of("leadpipe.scoring.reevaluation.interval", "0ms")))
        .hasStackTraceContaining("leadpipe.scoring.reevaluation")
        .hasStackTraceContaining("interval must be positive");
    assertThatThrownBy(() -> bind(Map.of("leadpipe.scoring.reevaluation.time-budget", "0ms")))
        .hasStackTraceContaining("leadpipe.scoring.reevaluation")
        .hasStackTraceContaining("time-budget must be positive");
    assertThatThrownBy(
            () -> bind(Map.of("leadpipe.scoring.reevaluation.thread-time-budget", "-5ms")))
        .hasStackTraceContaining("leadpipe.scoring.reevaluation")
        .hasStackTraceContaining("thread-time-budget must be positive");
    assertThatThrownBy(() -> bind(Map.of("leadpipe.scoring.reevaluation.chunk-size", "many")))
        .hasStackTraceContaining(
            "leadpipe.scoring.reevaluation.chunk-size: expected a whole number, got 'many'");
  }

  @Test
  void lapseAndTimingSettingsAreBoundAndAnUnusableOneFailsStartUpNamingIt() {
    var bound =
        bind(
            Map.of(
                "leadpipe.scoring.lifecycle.lapse-factor", "3",
                "leadpipe.scoring.lifecycle.lapse-maximum", "200d",
                "leadpipe.scoring.timing.check-interval", "30s"));
    assertThat(bound.rules().lifecycle().lapseFactor()).isEqualTo(3.0);
    assertThat(bound.rules().lifecycle().lapseMaximum()).isEqualTo(Duration.ofDays(200));
    assertThat(bound.rules().lifecycle().atRiskFraction()).isEqualTo(0.5);
    assertThat(bound.timing().checkInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> bind(Map.of("leadpipe.scoring.lifecycle.at-risk-fraction", "1.5")))
        .hasStackTraceContaining("leadpipe.scoring.lifecycle")
        .hasStackTraceContaining("at-risk-fraction must be between 0 and 1");
    assertThatThrownBy(() -> bind(Map.of("leadpipe.scoring.timing.check-interval", "0s")))
        .hasStackTraceContaining("leadpipe.scoring.timing")
        .hasStackTraceContaining("check-interval must be positive");
  }

  @Test
  void propensitySettingsAreBoundAndAnUnusableOneFailsStartUpNamingIt() {
    var bound =
        bind(
            Map.of(
                "leadpipe.scoring.propensity.horizon", "14d",
                "leadpipe.scoring.propensity.min-improvement", "0.02"));
    assertThat(bound.propensity().horizon()).isEqualTo(Duration.ofDays(14));
    assertThat(bound.propensity().horizonDays()).isEqualTo(14);
    assertThat(bound.propensity().minImprovement()).isEqualTo(0.02);
    assertThat(bound.propensity().holdoutWindow())
        .isEqualTo(PropensitySettings.DEFAULT_HOLDOUT_WINDOW);
    assertThatThrownBy(
            () -> bind(Map.of("leadpipe.scoring.propensity.min-examples-to-promote", "9000")))
        .hasStackTraceContaining("leadpipe.scoring.propensity")
        .hasStackTraceContaining("holdout-window must be at least min-examples-to-promote");
  }

  /** Only configuration is under test: the dashboard module's Kafka clients stay off. */
  private static Map<String, Object> withoutDashboard(Map<String, Object> properties) {
    Map<String, Object> p = new java.util.HashMap<>(properties);
    p.put("leadpipe.dashboard.enabled", false);
    return p;
  }
}
