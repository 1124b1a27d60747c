package io.leadpipe.notifier.webhook;

import io.leadpipe.webhook.WebhookSigner;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rule: POST a signed body to one endpoint up to maxAttempts times, waiting a full-jitter
 * exponential backoff between attempts; 2xx = delivered; 4xx other than 408/429 = permanent (no
 * point retrying); else retry.
 */
public final class WebhookDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);

  /** Waits between attempts; tests pass a lambda that returns at once. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /**
   * What happened: delivered or not, after how many attempts, the last status (0 = no response) and
   * error.
   */
  public record Outcome(boolean delivered, int attempts, int lastStatus, String lastError) {}

  private final WebhookEndpoint endpoint;
  private final WebhookSigner signer;
  private final WebhookSender sender;
  private final Backoff backoff;
  private final Sleeper sleeper;

  public WebhookDelivery(
      WebhookEndpoint endpoint,
      WebhookSigner signer,
      WebhookSender sender,
      Backoff backoff,
      Sleeper sleeper) {
    this.endpoint = endpoint;
    this.signer = signer;
    this.sender = sender;
    this.backoff = backoff;
    this.sleeper = sleeper;
  }

  public Outcome deliver(String idempotencyKey, String body) throws InterruptedException {
    int status = 0;
    String error = null;
    for (int attempt = 1; attempt <= endpoint.maxAttempts(); attempt++) {
      // Signed per attempt: a fresh timestamp keeps late retries inside the receiver's tolerance.
      Map<String, String> headers =
          Map.of(
              WebhookSigner.SIGNATURE_HEADER,
              signer.sign(body),
              WebhookSigner.IDEMPOTENCY_HEADER,
              idempotencyKey);
      try {
        status = sender.post(endpoint.url(), body, headers, endpoint.requestTimeout());
        error = null;
        if (status >= 200 && status < 300) {
          return new Outcome(true, attempt, status, null);
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
          LOG.warn(
              "webhook {} refused {} with {}: not retried",
              endpoint.name(),
              idempotencyKey,
              status);
          return new Outcome(false, attempt, status, "HTTP " + status);
        }
        error = "HTTP " + status;
      } catch (IOException e) {
        status = 0;
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      if (attempt < endpoint.maxAttempts()) {
        Duration wait = backoff.after(attempt);
        LOG.info(
            "webhook {} attempt {} for {} failed ({}); retrying in {} ms",
            endpoint.name(),
            attempt,
            idempotencyKey,
            error,
            wait.toMillis());
        sleeper.sleep(wait);
      }
    }
    return new Outcome(false, endpoint.maxAttempts(), status, error);
  }
}
