package io.leadpipe.notifier.webhook;

import java.time.Duration;

/**
 * One receiver of follow-up triggers: where to POST, the signing secret, and its own retry and
 * concurrency budget. {@code toString} leaves the secret out so the record can be logged.
 */
public record WebhookEndpoint(
    String name,
    String url,
    String secret,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    int concurrency,
    Duration requestTimeout) {

  @Override
  public String toString() {
    return "WebhookEndpoint["
        + name
        + ", maxAttempts="
        + maxAttempts
        + ", concurrency="
        + concurrency
        + "]";
  }
}
