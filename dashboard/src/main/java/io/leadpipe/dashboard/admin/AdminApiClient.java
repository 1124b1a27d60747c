package io.leadpipe.dashboard.admin;

import io.leadpipe.dashboard.query.QueryAnswer;
import io.leadpipe.service.config.ConfigBindingException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Calls one service's admin API ({@code /admin/...}) for the dashboard's editors, with the admin
 * key the operator entered in the page: the dashboard holds no admin key of its own, so the admin
 * API stays the only judge of who may edit. Answers (validation problems included) come back as
 * they are; empty when the service does not answer.
 */
public final class AdminApiClient {
  static final String ADMIN_KEY_HEADER = "X-Admin-Key";

  private final HttpClient http;
  private final Duration timeout;
  private volatile String baseUrl;

  /**
   * @param baseUrl e.g. {@code http://127.0.0.1:8083}; empty until {@link #useBaseUrl}
   */
  public AdminApiClient(String baseUrl, Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.baseUrl = baseUrl;
    this.timeout = timeout;
  }

  /** Set once the service knows its own address (the default for scoring-stream's admin API). */
  public void useBaseUrl(String url) {
    baseUrl = url;
  }

  public boolean configured() {
    return !baseUrl.isEmpty();
  }

  /**
   * @param path a fixed admin path, e.g. {@code /admin/segments} or {@code /admin/segments/<id>}
   *     with an id already checked by {@link AdminResource#validId}
   * @param body JSON for POST and PUT, else null
   */
  public Optional<QueryAnswer> send(String method, String path, String body, String adminKey) {
    if (!configured()) {
      return Optional.empty();
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(timeout)
            .header("Accept", "application/json")
            .header(ADMIN_KEY_HEADER, adminKey);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return Optional.of(
          new QueryAnswer(
              response.statusCode(),
              response.headers().firstValue("Content-Type").orElse("application/json"),
              response.body()));
    } catch (IOException unreachable) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * An admin API address must be an absolute http(s) URL without a path: a wrong one fails start-up
   * naming the setting, not the first edit.
   *
   * @param property the full setting name, for the message
   * @param value the configured value; empty is allowed only when {@code emptyMeansThisService}
   */
  public static String checkedUrl(String property, String value, boolean emptyMeansThisService) {
    if (value.isEmpty()) {
      if (emptyMeansThisService) {
        return value;
      }
      throw new ConfigBindingException(property, "must be set, e.g. http://notifier-service:8083");
    }
    try {
      URI uri = new URI(value);
      boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      boolean bare =
          uri.getRawPath() == null || uri.getRawPath().isEmpty() || "/".equals(uri.getRawPath());
      if (web && uri.getHost() != null && bare && uri.getRawQuery() == null) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
      }
    } catch (URISyntaxException e) {
      // Reported below.
    }
    throw new ConfigBindingException(
        property, "'" + value + "' is not an http(s) address like http://host:8083 (no path)");
  }
}
