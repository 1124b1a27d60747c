package io.leadpipe.dashboard.query;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Calls the scoring-stream query API ({@code /v1/...}) from the server side, so the page needs
 * nothing but its own dashboard session, and a query API that requires a read token gets it from
 * configuration. Not there, not answering or still starting: empty, and the page says "not
 * available".
 */
public final class QueryApiClient {
  private final HttpClient http;
  private final Duration timeout;
  private final String token;
  private volatile String baseUrl;

  /**
   * @param baseUrl where the query API answers, e.g. {@code http://127.0.0.1:8082}; empty until
   *     {@link #useBaseUrl}
   * @param token read token sent as {@code Authorization: Bearer}; empty for none
   */
  public QueryApiClient(String baseUrl, String token, Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.baseUrl = baseUrl;
    this.token = token;
    this.timeout = timeout;
  }

  /**
   * Set once the service knows its own address (the default: the query API of this very service).
   */
  public void useBaseUrl(String url) {
    baseUrl = url;
  }

  public boolean configured() {
    return !baseUrl.isEmpty();
  }

  /**
   * @param path a fixed query API path such as {@code /v1/funnel}
   * @param params query parameters; blank values are left out
   */
  public Optional<QueryAnswer> get(String path, Map<String, String> params) {
    if (!configured()) {
      return Optional.empty();
    }
    String query =
        params.entrySet().stream()
            .filter(e -> e.getValue() != null && !e.getValue().isBlank())
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path + (query.isEmpty() ? "" : "?" + query)))
            .GET());
  }

  /**
   * @param path a fixed query API path taking a JSON body, such as {@code /v1/segments/preview}
   * @param json the body as the page sent it; the query API judges it
   */
  public Optional<QueryAnswer> post(String path, String json) {
    if (!configured()) {
      return Optional.empty();
    }
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private Optional<QueryAnswer> send(HttpRequest.Builder request) {
    request.timeout(timeout).header("Accept", "application/json");
    if (!token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
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
}
