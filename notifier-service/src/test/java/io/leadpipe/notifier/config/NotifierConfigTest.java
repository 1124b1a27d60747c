package io.leadpipe.notifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.policy.StepType;
import io.leadpipe.notifier.webhook.WebhookEndpoint;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifierConfigTest {

  @Test
  void applicationYmlMapsIntoThePolicyAndEndpoints() {
    try (ApplicationContext ctx = ApplicationContext.run(Map.of(
        "leadpipe.notifier.enabled", "false",
        "leadpipe.notifier.plays.PRICE", "PRICE_MATCH",
        "leadpipe.notifier.play-attributes.PRICE.offer-code", "MATCH",
        "leadpipe.webhooks.crm.url", "http://127.0.0.1:9/hook",
        "leadpipe.webhooks.crm.secret", "s",
        "leadpipe.webhooks.crm.max-attempts", "3",
        "leadpipe.webhooks.crm.initial-backoff", "250ms"))) {
      PolicyConfig policy = PolicyConfigs.from(ctx.getBean(NotifierProperties.class));
      assertThat(policy.cooldown()).isEqualTo(Duration.ofHours(16));
      assertThat(policy.quietStart()).isEqualTo(LocalTime.of(21, 0));
      assertThat(policy.sequences().get(HesitationKind.CART_ABANDONED)).containsExactly(
          new PolicyConfig.Step(StepType.REMINDER, Duration.ofHours(1)),
          new PolicyConfig.Step(StepType.REASON_PLAY, Duration.ofHours(24)),
          new PolicyConfig.Step(StepType.SURVEY, Duration.ofHours(72)));
      assertThat(policy.plays().get(HesitationReason.PRICE).play()).isEqualTo(FollowupPlay.PRICE_MATCH);
      assertThat(policy.plays().get(HesitationReason.PRICE).attributes())
          .containsEntry("offer-code", "MATCH").containsEntry("discount-percent", "10");
      assertThat(ctx.getBeansOfType(WebhookEndpointProperties.class))
          .extracting(WebhookEndpointProperties::toEndpoint)
          .containsExactly(new WebhookEndpoint("crm", "http://127.0.0.1:9/hook", "s", 3, Duration.ofMillis(250),
              Duration.ofSeconds(60), 4, Duration.ofSeconds(10)));
    }
  }

  @Test
  void sequenceTextIsParsedOrRejected() {
    assertThat(PolicyConfigs.parseSequence("SURVEY@90m, reminder@2d")).containsExactly(
        new PolicyConfig.Step(StepType.SURVEY, Duration.ofMinutes(90)),
        new PolicyConfig.Step(StepType.REMINDER, Duration.ofDays(2)));
    assertThatThrownBy(() -> PolicyConfigs.parseSequence("SURVEY")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PolicyConfigs.parseSequence("SURVEY@3w")).isInstanceOf(IllegalArgumentException.class);
  }
}
