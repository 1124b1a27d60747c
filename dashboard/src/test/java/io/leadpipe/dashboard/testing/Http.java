package io.leadpipe.dashboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.dashboard.support.DashboardJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A plain HTTP client for the tests: redirects are not followed, so a test sees each 303 and its
 * cookie.
 */
public final class Http {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(TIMEOUT)
          .build();
  private final String base;

  public Http(String base) {
    this.base = base;
  }

  public HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  public HttpResponse<String> postForm(String path, String form, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  /** The snapshot as the page receives it. */
  public JsonNode snapshot(String... headers) {
    HttpResponse<String> response = get("/dashboard/api/snapshot", headers);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "snapshot answered " + response.statusCode() + ": " + response.body());
    }
    return DashboardJson.read(response.body()).orElseThrow();
  }

  public HttpClient client() {
    return client;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
