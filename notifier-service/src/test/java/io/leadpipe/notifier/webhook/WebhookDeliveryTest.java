package io.leadpipe.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.webhook.WebhookSigner;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest {
  private final WebhookEndpoint endpoint =
      new WebhookEndpoint(
          "crm",
          "http://127.0.0.1:1/hook",
          "s3cret",
          4,
          Duration.ofMillis(100),
          Duration.ofSeconds(1),
          2,
          Duration.ofSeconds(2));
  private final List<Duration> waits = new ArrayList<>();
  private final List<Map<String, String>> seenHeaders = new ArrayList<>();

  private WebhookDelivery delivery(WebhookSender sender) {
    return new WebhookDelivery(
        endpoint,
        new WebhookSigner("s3cret", Clock.systemUTC()),
        sender,
        new Backoff(endpoint.initialBackoff(), endpoint.maxBackoff(), () -> 1.0),
        waits::add);
  }

  @Test
  void retriesWithExponentialBackoffUntilDelivered() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    WebhookSender flaky =
        (url, body, headers, timeout) -> {
          seenHeaders.add(headers);
          if (calls.incrementAndGet() == 1) {
            throw new IOException("connection reset");
          }
          return calls.get() < 3 ? 503 : 204;
        };
    WebhookDelivery.Outcome outcome = delivery(flaky).deliver("h-1#1", "{}");
    assertThat(outcome).isEqualTo(new WebhookDelivery.Outcome(true, 3, 204, null));
    assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(seenHeaders)
        .allSatisfy(
            h ->
                assertThat(h)
                    .containsEntry("Idempotency-Key", "h-1#1")
                    .containsKey("Leadpipe-Signature"));
  }

  @Test
  void givesUpAfterMaxAttempts() throws Exception {
    WebhookDelivery.Outcome outcome =
        delivery((url, body, headers, timeout) -> 500).deliver("h-1#1", "{}");
    assertThat(outcome).isEqualTo(new WebhookDelivery.Outcome(false, 4, 500, "HTTP 500"));
    assertThat(waits).hasSize(3);
  }

  @Test
  void aPermanentClientErrorIsNotRetried() throws Exception {
    WebhookDelivery.Outcome outcome =
        delivery((url, body, headers, timeout) -> 400).deliver("h-1#1", "{}");
    assertThat(outcome.delivered()).isFalse();
    assertThat(outcome.attempts()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void fullJitterStaysUnderTheCappedExponential() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500), () -> 0.5);
    assertThat(b.after(1)).isEqualTo(Duration.ofMillis(50));
    assertThat(b.after(3)).isEqualTo(Duration.ofMillis(200));
    assertThat(b.after(10)).isEqualTo(Duration.ofMillis(250));
    assertThat(new Backoff(Duration.ofMillis(100), Duration.ofMillis(500), () -> 0.0).after(5))
        .isZero();
  }
}
