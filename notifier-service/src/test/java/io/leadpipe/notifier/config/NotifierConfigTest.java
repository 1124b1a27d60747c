package io.leadpipe.notifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.policy.StepType;
import io.leadpipe.notifier.webhook.RetrySchedule;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifierConfigTest {

  @Test
  void applicationYmlMapsIntoThePolicyAndEndpoints() {
    try (ApplicationContext ctx =
        ApplicationContext.run(
            Map.of(
                "leadpipe.notifier.enabled", "false",
                "leadpipe.notifier.plays.PRICE", "PRICE_MATCH",
                "leadpipe.notifier.play-attributes.PRICE.offer-code", "MATCH",
                "leadpipe.webhooks.crm.url", "http://127.0.0.1:9/hook",
                "leadpipe.webhooks.crm.secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "leadpipe.webhooks.crm.retry-schedule", "1s,1m",
                "leadpipe.webhooks.crm.allow-private-network", "true"))) {
      PolicyConfig policy = ctx.getBean(PolicyConfig.class);
      assertThat(policy.cooldown()).isEqualTo(Duration.ofHours(16));
      assertThat(policy.quietStart()).isEqualTo(LocalTime.of(21, 0));
      assertThat(policy.sequences().get(HesitationKind.CART_ABANDONED))
          .containsExactly(
              new PolicyConfig.Step(StepType.REMINDER, Duration.ofHours(1)),
              new PolicyConfig.Step(StepType.REASON_PLAY, Duration.ofHours(24)),
              new PolicyConfig.Step(StepType.SURVEY, Duration.ofHours(72)));
      assertThat(policy.plays().get(HesitationReason.PRICE).play())
          .isEqualTo(FollowupPlay.PRICE_MATCH);
      assertThat(policy.plays().get(HesitationReason.PRICE).attributes())
          .containsEntry("offer-code", "MATCH")
          .containsEntry("discount-percent", "10");
      assertThat(ctx.getBeansOfType(WebhookEndpointProperties.class))
          .extracting(WebhookEndpointProperties::toEndpoint)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.name()).isEqualTo("crm");
                assertThat(e.url()).hasToString("http://127.0.0.1:9/hook");
                assertThat(e.secrets()).hasSize(1);
                assertThat(e.retrySchedule())
                    .isEqualTo(
                        new RetrySchedule(List.of(Duration.ofSeconds(1), Duration.ofMinutes(1))));
                assertThat(e.requestTimeout()).isEqualTo(Duration.ofSeconds(15));
                assertThat(e.maxRetryAfter()).isEqualTo(Duration.ofHours(10));
                assertThat(e.concurrency()).isEqualTo(4);
                assertThat(e.maxPending()).isEqualTo(1000);
                assertThat(e.allowPrivateNetwork()).isTrue();
              });
    }
  }

  @Test
  void everyPolicyKeyBindsOntoTheDefaults() {
    Map<String, Object> p = new java.util.HashMap<>();
    p.put("leadpipe.notifier.enabled", "false");
    p.put("leadpipe.notifier.application-id", "other-app");
    p.put("leadpipe.notifier.session-timeout", "10s");
    p.put("leadpipe.notifier.channels", java.util.List.of("sms"));
    p.put("leadpipe.notifier.cooldown", "1m");
    p.put("leadpipe.notifier.frequency-cap", "10");
    p.put("leadpipe.notifier.frequency-window", "1h");
    p.put("leadpipe.notifier.quiet-start", "00:00");
    p.put("leadpipe.notifier.quiet-end", "00:00");
    p.put("leadpipe.notifier.default-timezone", "Europe/Berlin");
    p.put("leadpipe.notifier.min-engagement-score", "12.5");
    p.put("leadpipe.notifier.required-segments", "vip,newsletter");
    p.put("leadpipe.notifier.excluded-segments", java.util.List.of("staff"));
    p.put("leadpipe.notifier.attribution-window", "3d");
    p.put("leadpipe.notifier.offer-validity", "24h");
    p.put("leadpipe.notifier.sequences.CART_ABANDONED", "REMINDER@10s,SURVEY@1m");
    p.put("leadpipe.notifier.sequences.price-watching", "REASON_PLAY@5s");
    p.put("leadpipe.notifier.plays.REVIEWS", "SURVEY");
    try (ApplicationContext ctx = ApplicationContext.run(p)) {
      PolicyConfig c = ctx.getBean(PolicyConfig.class);
      PolicyConfig d = PolicyConfig.defaults();
      assertThat(c.channels()).containsExactly("sms");
      assertThat(c.cooldown()).isEqualTo(Duration.ofMinutes(1));
      assertThat(c.frequencyCap()).isEqualTo(10);
      assertThat(c.frequencyWindow()).isEqualTo(Duration.ofHours(1));
      assertThat(c.quietStart()).isEqualTo(LocalTime.MIDNIGHT);
      assertThat(c.quietEnd()).isEqualTo(LocalTime.MIDNIGHT);
      assertThat(c.defaultTimezone()).isEqualTo("Europe/Berlin");
      assertThat(c.minEngagementScore()).isEqualTo(12.5);
      assertThat(c.requiredSegments()).containsExactlyInAnyOrder("vip", "newsletter");
      assertThat(c.excludedSegments()).containsExactly("staff");
      assertThat(c.attributionWindow()).isEqualTo(Duration.ofDays(3));
      assertThat(c.offerValidity()).isEqualTo(Duration.ofHours(24));
      assertThat(c.sequences().get(HesitationKind.CART_ABANDONED))
          .containsExactly(
              new PolicyConfig.Step(StepType.REMINDER, Duration.ofSeconds(10)),
              new PolicyConfig.Step(StepType.SURVEY, Duration.ofMinutes(1)));
      assertThat(c.sequences().get(HesitationKind.PRICE_WATCHING))
          .containsExactly(new PolicyConfig.Step(StepType.REASON_PLAY, Duration.ofSeconds(5)));
      assertThat(c.sequences().get(HesitationKind.BROWSE_ABANDONED))
          .isEqualTo(d.sequences().get(HesitationKind.BROWSE_ABANDONED));
      assertThat(c.plays().get(HesitationReason.REVIEWS))
          .isEqualTo(new PolicyConfig.PlaySpec(FollowupPlay.SURVEY, Map.of()));
      assertThat(c.plays().get(HesitationReason.QUALITY))
          .isEqualTo(d.plays().get(HesitationReason.QUALITY));
      assertThat(ctx.getBean(NotifierProperties.class).getApplicationId()).isEqualTo("other-app");
    }
  }

  @Test
  void unknownKeysAndBadValuesFailStartUpWithTheirNames() {
    assertThatThrownBy(() -> policy("leadpipe.notifier.cooldwn", "1h"))
        .hasStackTraceContaining(
            "leadpipe.notifier.cooldwn: unknown key; allowed here: sequences, plays, channels,");
    assertThatThrownBy(() -> policy("leadpipe.notifier.plays.PRICE", "HUG"))
        .hasStackTraceContaining("leadpipe.notifier.plays.PRICE: expected one of [");
    assertThatThrownBy(() -> policy("leadpipe.notifier.sequences.CART_ABANDONED", "REMINDER@1w"))
        .hasStackTraceContaining(
            "leadpipe.notifier.sequences.CART_ABANDONED[0]: invalid Step 'REMINDER@1w'");
    assertThatThrownBy(() -> policy("leadpipe.notifier.quiet-start", "9pm"))
        .hasStackTraceContaining(
            "leadpipe.notifier.quiet-start: expected a time of day such as 21:00, got '9pm'");
  }

  @Test
  void profileRetentionDefaultsToTheScoringRetentionAndIsConfigurable() {
    try (ApplicationContext ctx =
        ApplicationContext.run(Map.of("leadpipe.notifier.enabled", "false"))) {
      assertThat(ctx.getBean(NotifierProperties.class).getProfileRetention())
          .isEqualTo(Duration.ofDays(180));
    }
    try (ApplicationContext ctx =
        ApplicationContext.run(
            Map.of(
                "leadpipe.notifier.enabled",
                "false",
                "leadpipe.notifier.profile-retention",
                "30d"))) {
      assertThat(ctx.getBean(NotifierProperties.class).getProfileRetention())
          .isEqualTo(Duration.ofDays(30));
      assertThat(ctx.getBean(PolicyConfig.class)).isNotNull(); // not taken for a policy key
    }
  }

  @Test
  void anInvalidProfileRetentionFailsStartUpNamingTheSetting() {
    for (String bad : new String[] {"0s", "-1d", "soon"}) {
      assertThatThrownBy(() -> settings("leadpipe.notifier.profile-retention", bad))
          .as(bad)
          .hasStackTraceContaining("leadpipe.notifier.profile-retention");
    }
  }

  @Test
  void aPurchaseWaitsFourDaysForADeliveryOutcomeByDefaultAndTheWaitIsConfigurable() {
    try (ApplicationContext ctx =
        ApplicationContext.run(Map.of("leadpipe.notifier.enabled", "false"))) {
      assertThat(ctx.getBean(NotifierProperties.class).getDeliveryWait())
          .isEqualTo(Duration.ofDays(4));
    }
    assertThat(settings("leadpipe.notifier.delivery-wait", "6h").getDeliveryWait())
        .isEqualTo(Duration.ofHours(6));
    for (String bad : new String[] {"0s", "-1d", "soon"}) {
      assertThatThrownBy(() -> settings("leadpipe.notifier.delivery-wait", bad))
          .as(bad)
          .hasStackTraceContaining("leadpipe.notifier.delivery-wait");
    }
  }

  private static NotifierProperties settings(String key, String value) {
    try (ApplicationContext ctx =
        ApplicationContext.run(Map.of("leadpipe.notifier.enabled", "false", key, value))) {
      return ctx.getBean(NotifierProperties.class);
    }
  }

  private static PolicyConfig policy(String key, String value) {
    try (ApplicationContext ctx =
        ApplicationContext.run(Map.of("leadpipe.notifier.enabled", "false", key, value))) {
      return ctx.getBean(PolicyConfig.class);
    }
  }

  @Test
  void sequenceTextIsParsedOrRejected() {
    assertThat(PolicyConfigs.parseSequence("SURVEY@90m, reminder@2d"))
        .containsExactly(
            new PolicyConfig.Step(StepType.SURVEY, Duration.ofMinutes(90)),
            new PolicyConfig.Step(StepType.REMINDER, Duration.ofDays(2)));
    assertThatThrownBy(() -> PolicyConfigs.parseSequence("SURVEY"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PolicyConfigs.parseSequence("SURVEY@3w"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
