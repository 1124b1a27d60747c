package io.leadpipe.localstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's experiment: the notifier seeds its default strategies with no holdout (so a
 * deployment's follow-ups do not change until an operator decides), and the demo gives each of them
 * a holdout through the admin API, as an operator would, so the strategy results compare
 * followed-up shoppers with held-out ones. A default an operator already edited (version above 1)
 * is left alone; a restart finds the holdouts in place and changes nothing.
 */
public final class DemoExperiment {

  private static final Logger LOG = LoggerFactory.getLogger(DemoExperiment.class);

  static final String DEFAULT_PREFIX = "default-";
  private static final int SEEDED_VERSION = 1;
  private static final int HTTP_OK = 200;

  /** Ignored on input by the admin API; left out of what is sent back. */
  private static final List<String> STAMPS = List.of("version", "updatedAt", "updatedBy");

  private final URI notifier;
  private final String adminKey;
  private final double holdoutShare;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param holdoutShare the share each default strategy holds out (above 0, below 1)
   */
  public DemoExperiment(
      URI notifier, String adminKey, double holdoutShare, Duration requestTimeout) {
    this.notifier = notifier;
    this.adminKey = adminKey;
    this.holdoutShare = holdoutShare;
    this.requestTimeout = requestTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
  }

  /**
   * Tries until {@code patience} has passed (the defaults are seeded in the background after the
   * notifier starts); the ids given a holdout, or empty when none needed one.
   */
  public List<String> holdOut(Duration patience, Duration retryAfter, Clock clock)
      throws InterruptedException {
    Instant deadline = clock.instant().plus(patience);
    while (true) {
      try {
        List<String> defaults = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (JsonNode strategy : strategies()) {
          String id = strategy.path("strategyId").asText();
          if (!id.startsWith(DEFAULT_PREFIX)) {
            continue;
          }
          defaults.add(id);
          if (strategy.path("holdoutShare").asDouble() == 0
              && strategy.path("version").asInt() == SEEDED_VERSION) {
            put(id, withHoldout((ObjectNode) strategy));
            changed.add(id);
          }
        }
        if (!defaults.isEmpty()) {
          return changed;
        }
      } catch (IOException | IllegalStateException e) {
        LOG.debug("Demo experiment not set up yet: {}", e.getMessage());
      }
      if (clock.instant().isAfter(deadline)) {
        throw new IllegalStateException(
            "the notifier's default strategies did not appear within " + patience);
      }
      Thread.sleep(retryAfter.toMillis());
    }
  }

  private ObjectNode withHoldout(ObjectNode strategy) {
    ObjectNode edited = strategy.deepCopy();
    STAMPS.forEach(edited::remove);
    edited.put("holdoutShare", holdoutShare);
    return edited;
  }

  private List<JsonNode> strategies() throws IOException, InterruptedException {
    HttpResponse<String> answer =
        http.send(request("/admin/strategies").GET().build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != HTTP_OK) {
      throw new IllegalStateException("GET /admin/strategies answered " + answer.statusCode());
    }
    List<JsonNode> out = new ArrayList<>();
    json.readTree(answer.body()).path("strategies").forEach(out::add);
    return out;
  }

  private void put(String id, ObjectNode strategy) throws IOException, InterruptedException {
    HttpResponse<String> answer =
        http.send(
            request("/admin/strategies/" + id)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(strategy)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != HTTP_OK) {
      throw new IllegalStateException(
          "PUT /admin/strategies/"
              + id
              + " answered "
              + answer.statusCode()
              + ": "
              + answer.body());
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(notifier.resolve(path))
        .timeout(requestTimeout)
        .header("X-Admin-Key", adminKey);
  }
}
