package io.leadpipe.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.notifier.config.WebhookEndpointProperties;
import io.leadpipe.registry.client.SchemaRegistryException;
import io.leadpipe.service.config.ConfigBindingException;
import io.micronaut.context.ApplicationContext;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The rules of delivery: schedule, Retry-After, what a status means, endpoint settings. */
class DeliveryRulesTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @Test
  void theDefaultScheduleIsStandardWebhooksStretchedToAboutThreeDays() {
    RetrySchedule s = RetrySchedule.STANDARD_WEBHOOKS;
    assertThat(s.after(1)).hasValue(Duration.ofSeconds(5));
    assertThat(s.after(2)).hasValue(Duration.ofMinutes(5));
    assertThat(s.after(3)).hasValue(Duration.ofMinutes(30));
    assertThat(s.after(4)).hasValue(Duration.ofHours(2));
    assertThat(s.after(5)).hasValue(Duration.ofHours(5));
    assertThat(s.after(6)).hasValue(Duration.ofHours(10));
    assertThat(s.attempts()).isEqualTo(13);
    assertThat(s.after(12)).hasValue(Duration.ofHours(10));
    assertThat(s.after(13)).as("the last attempt failed: dead letter").isEmpty();
    assertThat(s.horizon()).isEqualTo(Duration.parse("PT77H35M5S"));
  }

  @Test
  void anEmptyScheduleMeansOneAttemptAndNegativeWaitsAreRefused() {
    assertThat(new RetrySchedule(List.of()).attempts()).isEqualTo(1);
    assertThat(new RetrySchedule(List.of()).after(1)).isEmpty();
    assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ofSeconds(-1))))
        .hasMessageContaining("negative");
  }

  @Test
  void retryAfterIsSecondsOrAnHttpDate() {
    assertThat(RetryAfter.parse("120", NOW)).hasValue(Duration.ofMinutes(2));
    assertThat(RetryAfter.parse(" 0 ", NOW)).hasValue(Duration.ZERO);
    assertThat(RetryAfter.parse("Mon, 23 Nov 2026 12:05:00 GMT", NOW))
        .hasValue(Duration.ofMinutes(5));
    assertThat(RetryAfter.parse("Mon, 23 Nov 2026 11:00:00 GMT", NOW))
        .as("a date in the past")
        .hasValue(Duration.ZERO);
    assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
    assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isEmpty();
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
  }

  @Test
  void aTriggerIsPoisonOnlyWhenItsBytesAreBadNotWhenTheRegistryIsDown() {
    SchemaRegistryException unreachable =
        new SchemaRegistryException(
            SchemaRegistryException.NO_HTTP_STATUS, 0, "connection refused");
    SchemaRegistryException failing = new SchemaRegistryException(503, 50003, "store error");
    SchemaRegistryException unknownId = new SchemaRegistryException(404, 40403, "schema not found");
    assertThat(EndpointDispatcher.registryUnavailable(new SerializationException("x", unreachable)))
        .isTrue();
    assertThat(EndpointDispatcher.registryUnavailable(new SerializationException("x", failing)))
        .isTrue();
    assertThat(
            EndpointDispatcher.registryUnavailable(
                new SerializationException("x", new java.net.ConnectException("refused"))))
        .isTrue();
    assertThat(EndpointDispatcher.registryUnavailable(new SerializationException("x", unknownId)))
        .as("an id the registry does not know: the bytes are bad")
        .isFalse();
    assertThat(EndpointDispatcher.registryUnavailable(new SerializationException("bad magic byte")))
        .isFalse();
  }

  @Test
  void whatAStatusMeans() {
    assertThat(Verdict.of(200)).isEqualTo(Verdict.DELIVERED);
    assertThat(Verdict.of(204)).isEqualTo(Verdict.DELIVERED);
    assertThat(Verdict.of(410)).isEqualTo(Verdict.GONE);
    for (int retried : new int[] {0, 408, 429, 500, 502, 503, 504}) {
      assertThat(Verdict.of(retried)).as("%d", retried).isEqualTo(Verdict.RETRY);
    }
    for (int refused : new int[] {301, 302, 400, 401, 403, 404, 413, 422}) {
      assertThat(Verdict.of(refused)).as("%d", refused).isEqualTo(Verdict.REFUSED);
    }
  }

  @Test
  void aPrivateNetworkUrlFailsStartUpNamingTheSettingUnlessAllowed() {
    WebhookEndpoint metadata = endpoint("http://169.254.169.254/latest", false);
    assertThatThrownBy(() -> WebhookDispatchers.checkAddress(metadata, InetAddress::getAllByName))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageContaining("leadpipe.webhooks.crm.url")
        .hasMessageContaining("link-local")
        .hasMessageContaining("allow-private-network");
    assertThatThrownBy(
            () ->
                WebhookDispatchers.checkAddress(
                    endpoint("http://[::1]:8080/hook", false), InetAddress::getAllByName))
        .hasMessageContaining("loopback");
    WebhookDispatchers.checkAddress(
        endpoint("http://127.0.0.1:8080/hook", true), InetAddress::getAllByName);
    WebhookDispatchers.checkAddress(
        endpoint("https://crm.example/hook", false),
        host -> new InetAddress[] {InetAddress.getByName("93.184.216.34")});
  }

  @Test
  void badEndpointSettingsFailStartUpNamingTheSetting() {
    WebhookEndpointProperties p = new WebhookEndpointProperties("crm");
    p.setUrl("https://crm.example/hook");
    p.setSecret("s3cret");
    assertThatThrownBy(p::toEndpoint)
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageContaining("leadpipe.webhooks.crm.secret")
        .hasMessageNotContaining("s3cret");
    p.setSecret(SECRET);
    p.setPreviousSecrets(List.of("whsec_c2hvcnQ="));
    assertThatThrownBy(p::toEndpoint)
        .hasMessageContaining("leadpipe.webhooks.crm.previous-secrets[0]");
    p.setPreviousSecrets(List.of(SECRET));
    assertThat(p.toEndpoint().secrets()).hasSize(2);
    p.setRetrySchedule(List.of(Duration.ofSeconds(-1)));
    assertThatThrownBy(p::toEndpoint).hasMessageContaining("leadpipe.webhooks.crm.retry-schedule");
    p.setRetrySchedule(List.of(Duration.ofSeconds(1)));
    p.setConcurrency(0);
    assertThatThrownBy(p::toEndpoint).hasMessageContaining("leadpipe.webhooks.crm.concurrency");
    p.setConcurrency(1);
    p.setRequestTimeout(Duration.ZERO);
    assertThatThrownBy(p::toEndpoint).hasMessageContaining("leadpipe.webhooks.crm.request-timeout");
    p.setRequestTimeout(Duration.ofSeconds(1));
    p.setUrl("crm.example/hook");
    assertThatThrownBy(p::toEndpoint).hasMessageContaining("leadpipe.webhooks.crm.url");
  }

  @Test
  void theFormerBackoffSettingsFailStartUpInsteadOfBeingIgnored() {
    try (ApplicationContext ctx =
        ApplicationContext.run(
            Map.of(
                "leadpipe.notifier.enabled", "false",
                "leadpipe.webhooks.crm.url", "https://crm.example/hook",
                "leadpipe.webhooks.crm.secret", SECRET,
                "leadpipe.webhooks.crm.max-attempts", "15"))) {
      assertThatThrownBy(() -> ctx.getBeansOfType(WebhookEndpointProperties.class))
          .hasStackTraceContaining("leadpipe.webhooks.crm.max-attempts")
          .hasStackTraceContaining("retry-schedule");
    }
  }

  private static WebhookEndpoint endpoint(String url, boolean allowPrivate) {
    WebhookEndpointProperties p = new WebhookEndpointProperties("crm");
    p.setUrl(url);
    p.setSecret(SECRET);
    p.setAllowPrivateNetwork(allowPrivate);
    return p.toEndpoint();
  }

  @Test
  void anEndpointPrintsWithoutItsSecrets() {
    assertThat(endpoint("https://crm.example/hook", false).toString())
        .doesNotContain("whsec_")
        .doesNotContain("MfKQ9r8");
    assertThat(URI.create("https://crm.example/hook")).isNotNull();
  }
}
