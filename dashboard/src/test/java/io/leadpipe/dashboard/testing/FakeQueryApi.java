package io.leadpipe.dashboard.testing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stands in for scoring-stream's query API in the dashboard's tests: answers each path with the
 * JSON a test set, 404 for paths without one, and remembers the last query string it was asked.
 */
@Controller("/v1")
@Requires(property = FakeQueryApi.ENABLED, value = "true")
public class FakeQueryApi {
  public static final String ENABLED = "fake-query-api.enabled";

  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final AtomicReference<String> lastProspectsQuery = new AtomicReference<>();
  private final List<String> prospectsQueries = new CopyOnWriteArrayList<>();
  private final AtomicReference<String> lastPreviewBody = new AtomicReference<>();

  /** A canned answer. */
  public record Answer(int status, String contentType, String body) {}

  public void answer(String path, String json) {
    answers.put(path, new Answer(200, "application/json", json));
  }

  public void answer(String path, int status, String contentType, String body) {
    answers.put(path, new Answer(status, contentType, body));
  }

  public void forget(String path) {
    answers.remove(path);
  }

  public String lastProspectsQuery() {
    return lastProspectsQuery.get();
  }

  /** The answer for {@code /v1/prospects?stage=<stage>...}; other stages get the general one. */
  public void answerStage(String stage, String json) {
    answers.put("/v1/prospects?stage=" + stage, new Answer(200, "application/json", json));
  }

  /** Every query string {@code /v1/prospects} was asked with, oldest first. */
  public List<String> prospectsQueries() {
    return List.copyOf(prospectsQueries);
  }

  @Get("/prospects")
  public HttpResponse<String> prospects(
      HttpRequest<?> request, @Nullable @QueryValue String stage) {
    lastProspectsQuery.set(request.getUri().getRawQuery());
    String query = request.getUri().getRawQuery();
    prospectsQueries.add(query == null ? "" : query);
    if (stage != null && answers.containsKey("/v1/prospects?stage=" + stage)) {
      return reply("/v1/prospects?stage=" + stage);
    }
    return reply("/v1/prospects");
  }

  /** A profile as {@code GET /v1/profiles/{id}} answers it; unknown ids get the API's problem. */
  public void profile(String visitorId, String json) {
    answers.put("/v1/profiles/" + visitorId, new Answer(200, "application/json", json));
  }

  @Get("/profiles/{visitorId}")
  public HttpResponse<String> profile(String visitorId) {
    if (!answers.containsKey("/v1/profiles/" + visitorId)) {
      return HttpResponse.<String>status(HttpStatus.NOT_FOUND)
          .contentType("application/problem+json")
          .body("{\"type\":\"https://leadpipe.io/problems/not-found\",\"status\":404}");
    }
    return reply("/v1/profiles/" + visitorId);
  }

  @Get("/segments/sizes")
  public HttpResponse<String> segmentSizes() {
    return reply("/v1/segments/sizes");
  }

  @Get("/funnel")
  public HttpResponse<String> funnel() {
    return reply("/v1/funnel");
  }

  @Get("/audience")
  public HttpResponse<String> audience() {
    return reply("/v1/audience");
  }

  @Get("/reasons/accuracy")
  public HttpResponse<String> reasonAccuracy() {
    return reply("/v1/reasons/accuracy");
  }

  @Get("/forecast")
  public HttpResponse<String> forecast() {
    return reply("/v1/forecast");
  }

  /** Answered per query string: {@code /v1/forecast/backtest?days=14}. */
  @Get("/forecast/backtest")
  public HttpResponse<String> backtest(HttpRequest<?> request) {
    String query = request.getUri().getRawQuery();
    return reply("/v1/forecast/backtest" + (query == null ? "" : "?" + query));
  }

  /** The body the last match preview was asked with. */
  public String lastPreviewBody() {
    return lastPreviewBody.get();
  }

  @Post(value = "/segments/preview", consumes = MediaType.APPLICATION_JSON)
  public HttpResponse<String> segmentPreview(@Body String body) {
    lastPreviewBody.set(body);
    return reply("/v1/segments/preview");
  }

  @Post(value = "/strategies/preview", consumes = MediaType.APPLICATION_JSON)
  public HttpResponse<String> audiencePreview(@Body String body) {
    lastPreviewBody.set(body);
    return reply("/v1/strategies/preview");
  }

  @Get("/propensity/model")
  public HttpResponse<String> propensityModel() {
    return reply("/v1/propensity/model");
  }

  private HttpResponse<String> reply(String path) {
    Answer a = answers.get(path);
    if (a == null) {
      return HttpResponse.notFound();
    }
    return HttpResponse.<String>status(HttpStatus.valueOf(a.status()))
        .contentType(a.contentType())
        .body(a.body());
  }
}
