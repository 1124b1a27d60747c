package io.leadpipe.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.notifier.config.NotifierProperties;
import io.leadpipe.notifier.config.WebhookEndpointProperties;
import io.leadpipe.notifier.webhook.Backoff;
import io.leadpipe.notifier.webhook.WebhookEndpoint;
import io.leadpipe.streams.deadletter.DeadLetteringDeserializationHandler;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * The notifier's Streams membership settings and the default webhook retry budget, from
 * configuration.
 */
class NotifierSettingsTest {

  private static final Map<String, Object> REGISTRY =
      Map.of("schema.registry.url", "mock://notifier-settings");
  private static final String SESSION_TIMEOUT =
      StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
  private static final String INSTANCE_ID =
      StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
  private static final HostInfo SELF = new HostInfo("localhost", 8083);

  @Test
  void byDefaultKafkasSessionTimeoutDynamicMembershipAndDeadLettersForUnreadableInput() {
    try (ApplicationContext ctx =
        ApplicationContext.run(Map.of("leadpipe.notifier.enabled", "false"))) {
      Properties p =
          NotifierRuntime.settings(ctx.getBean(NotifierProperties.class))
              .toProperties("localhost:9092", REGISTRY, SELF);
      assertThat(p)
          .containsEntry(SESSION_TIMEOUT, "45000")
          .doesNotContainKey(INSTANCE_ID)
          .containsEntry(
              StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
              DeadLetteringDeserializationHandler.class.getName())
          .containsEntry(DeadLetteringDeserializationHandler.APPLICATION_CONFIG, "notifier-service")
          .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
      // The shared runtime policy: a dead thread is replaced, the third death within five minutes
      // stops the app.
      var settings = NotifierRuntime.settings(ctx.getBean(NotifierProperties.class));
      assertThat(settings.shutdownAfterFailures()).isEqualTo(3);
      assertThat(settings.failureWindow()).isEqualTo(Duration.ofMinutes(5));
      assertThat(settings.leaveGroupOnClose())
          .as("a dynamic member does not leave on close")
          .isFalse();
    }
  }

  @Test
  void theApplicationIdStateDirAndCommitIntervalAreTheNotifiers() {
    try (ApplicationContext ctx =
        ApplicationContext.run(
            Map.of(
                "leadpipe.notifier.enabled",
                "false",
                "leadpipe.notifier.application-id",
                "notifier-x",
                "leadpipe.notifier.state-dir",
                "/tmp/notifier-x",
                "leadpipe.notifier.commit-interval",
                "250ms"))) {
      Properties p =
          NotifierRuntime.settings(ctx.getBean(NotifierProperties.class))
              .toProperties("localhost:9092", REGISTRY, SELF);
      assertThat(p)
          .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "notifier-x")
          .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/tmp/notifier-x")
          .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 250L);
    }
  }

  @Test
  void sessionTimeoutAndStaticMembershipAreConfigurable() {
    try (ApplicationContext ctx =
        ApplicationContext.run(
            Map.of(
                "leadpipe.notifier.enabled",
                "false",
                "leadpipe.notifier.session-timeout",
                "6s",
                "leadpipe.notifier.instance-id",
                "notifier-0"))) {
      Properties p =
          NotifierRuntime.settings(ctx.getBean(NotifierProperties.class))
              .toProperties("localhost:9092", REGISTRY, SELF);
      assertThat(p).containsEntry(SESSION_TIMEOUT, "6000").containsEntry(INSTANCE_ID, "notifier-0");
      assertThat(
              NotifierRuntime.settings(ctx.getBean(NotifierProperties.class)).leaveGroupOnClose())
          .isTrue();
    }
  }

  /**
   * A receiver down for minutes must get everything: with the default backoff, the waits between
   * the default number of attempts add up to about 4 minutes on average (full jitter: half of each
   * cap) and at most about 8.
   */
  @Test
  void theDefaultRetryBudgetOutlastsAnOutageOfMinutes() {
    try (ApplicationContext ctx =
        ApplicationContext.run(
            Map.of(
                "leadpipe.notifier.enabled",
                "false",
                "leadpipe.webhooks.crm.url",
                "http://127.0.0.1:9/hook",
                "leadpipe.webhooks.crm.secret",
                "s"))) {
      WebhookEndpoint endpoint =
          ctx.getBeansOfType(WebhookEndpointProperties.class).iterator().next().toEndpoint();
      Duration longest = budget(endpoint, 1.0);
      Duration average = budget(endpoint, 0.5);
      System.out.println(
          "[retry-budget] max-attempts="
              + endpoint.maxAttempts()
              + ": waits "
              + average.toSeconds()
              + " s on average, at most "
              + longest.toSeconds()
              + " s");
      assertThat(average).isBetween(Duration.ofMinutes(3), Duration.ofMinutes(5));
      assertThat(longest).isLessThan(Duration.ofMinutes(10));
    }
  }

  /**
   * The sum of the waits after attempts 1 .. max-attempts − 1, with the random draw fixed at {@code
   * draw}.
   */
  private static Duration budget(WebhookEndpoint endpoint, double draw) {
    Backoff backoff = new Backoff(endpoint.initialBackoff(), endpoint.maxBackoff(), () -> draw);
    Duration total = Duration.ZERO;
    for (int attempt = 1; attempt < endpoint.maxAttempts(); attempt++) {
      total = total.plus(backoff.after(attempt));
    }
    return total;
  }
}
