package io.leadpipe.notifier.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The I/O edge of webhook delivery: POST a body with headers, return the HTTP status. Tests swap in
 * a lambda.
 */
@FunctionalInterface
public interface WebhookSender {

  int post(String url, String body, Map<String, String> headers, Duration timeout)
      throws IOException, InterruptedException;

  /** The JDK HTTP client; one instance is shared by all endpoints (it multiplexes connections). */
  static WebhookSender jdk(HttpClient client) {
    return (url, body, headers, timeout) -> {
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      headers.forEach(req::header);
      return client.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    };
  }
}
