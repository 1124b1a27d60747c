package io.leadpipe.notifier.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The I/O edge of webhook delivery: POST a body with headers, return the status and {@code
 * Retry-After}. Tests swap in a lambda.
 */
@FunctionalInterface
public interface WebhookSender {

  /** What the receiver answered; {@code retryAfter} is the raw header value or null. */
  record Response(int status, String retryAfter) {}

  Response post(URI url, String body, Map<String, String> headers, Duration timeout)
      throws IOException, InterruptedException;

  /**
   * The JDK HTTP client; one instance is shared by all endpoints (it multiplexes connections). It
   * never follows redirects: a redirect could lead past the address check to a private network.
   */
  static WebhookSender jdk(HttpClient client) {
    return (url, body, headers, timeout) -> {
      HttpRequest.Builder req =
          HttpRequest.newBuilder(url)
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      headers.forEach(req::header);
      HttpResponse<Void> response =
          client.send(req.build(), HttpResponse.BodyHandlers.discarding());
      return new Response(
          response.statusCode(), response.headers().firstValue("Retry-After").orElse(null));
    };
  }
}
