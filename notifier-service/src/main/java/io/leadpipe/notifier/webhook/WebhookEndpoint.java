package io.leadpipe.notifier.webhook;

import io.leadpipe.webhook.WebhookSecret;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One receiver of follow-up triggers: where to POST, its signing secrets (current first, then any
 * previous ones still signed with during a rotation), its retry schedule, and how much it may have
 * in flight and pending. {@code toString} leaves the secrets out so the record can be logged.
 *
 * @param maxRetryAfter the longest {@code Retry-After} honoured; a longer one is cut to this
 * @param concurrency requests in flight at once
 * @param maxPending triggers taken from Kafka and not yet finished (delivered or dead-lettered) per
 *     partition; beyond it the partition is paused and the backlog stays in Kafka
 * @param allowPrivateNetwork whether the URL may resolve to a loopback, link-local or private
 *     address (a receiver on the same host or network, e.g. the local demo)
 */
public record WebhookEndpoint(
    String name,
    URI url,
    List<WebhookSecret> secrets,
    RetrySchedule retrySchedule,
    Duration maxRetryAfter,
    Duration requestTimeout,
    int concurrency,
    int maxPending,
    boolean allowPrivateNetwork) {

  public WebhookEndpoint {
    secrets = List.copyOf(secrets);
  }

  @Override
  public String toString() {
    return "WebhookEndpoint["
        + name
        + ", attempts="
        + retrySchedule.attempts()
        + ", concurrency="
        + concurrency
        + ", allowPrivateNetwork="
        + allowPrivateNetwork
        + "]";
  }
}
