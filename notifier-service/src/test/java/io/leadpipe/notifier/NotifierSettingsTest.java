package io.leadpipe.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.notifier.config.NotifierProperties;
import io.leadpipe.notifier.config.WebhookEndpointProperties;
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
 * The notifier's Streams membership settings and the default webhook retry schedule, from
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
  void byDefaultKafkasSessionTimeoutAStaticMemberNamedByItsHostAndDeadLettersForUnreadableInput()
      throws Exception {
    try (ApplicationContext ctx =
        ApplicationContext.run(Map.of("leadpipe.notifier.enabled", "false"))) {
      Properties p =
          NotifierRuntime.settings(ctx.getBean(NotifierProperties.class))
              .toProperties("localhost:9092", REGISTRY, SELF);
      assertThat(p)
          .containsEntry(SESSION_TIMEOUT, "45000")
          // localhost is every instance's default address: the host name makes the id unique
          .containsEntry(
              INSTANCE_ID,
              (java.net.InetAddress.getLocalHost().getHostName() + "-8083")
                  .replaceAll("[^a-zA-Z0-9._-]", "_"))
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
      assertThat(settings.leaveGroupOnClose()).as("a clean stop leaves the group at once").isTrue();
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
   * A receiver down for days must get everything: the default schedule (Standard Webhooks'
   * reference stretched with 10 h steps) retries for about three days.
   */
  @Test
  void theDefaultRetryScheduleOutlastsAnOutageOfDays() {
    try (ApplicationContext ctx =
        ApplicationContext.run(
            Map.of(
                "leadpipe.notifier.enabled",
                "false",
                "leadpipe.webhooks.crm.url",
                "https://crm.example/hook",
                "leadpipe.webhooks.crm.secret",
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))) {
      WebhookEndpoint endpoint =
          ctx.getBeansOfType(WebhookEndpointProperties.class).iterator().next().toEndpoint();
      Duration horizon = endpoint.retrySchedule().horizon();
      System.out.println(
          "[retry-budget] "
              + endpoint.retrySchedule().attempts()
              + " attempts over "
              + horizon.toHours()
              + " h");
      assertThat(horizon).isBetween(Duration.ofHours(72), Duration.ofHours(80));
    }
  }
}
