package io.leadpipe.notifier.admin;

import io.leadpipe.notifier.strategy.InvalidStrategyException;
import io.leadpipe.notifier.strategy.StrategyDrafts;
import io.leadpipe.notifier.strategy.StrategyRecords;
import io.leadpipe.service.problem.Problems;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Follow-up strategies (admin key required, see {@link AdminKeyFilter}). Writes go to {@code
 * leadpipe.followup-strategies} and are answered only after Kafka acknowledged them. Blocking on
 * Kafka, so off the event loop.
 */
@Controller("/admin/strategies")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StrategiesController {

  private final StrategyAdmin admin;
  private final StrategySettings settings;

  public StrategiesController(StrategyAdmin admin, StrategySettings settings) {
    this.admin = admin;
    this.settings = settings;
  }

  @Post(consumes = MediaType.APPLICATION_JSON)
  public HttpResponse<Map<String, Object>> create(@Body String body) {
    Map<String, Object> created =
        StrategyRecords.view(admin.create(StrategyDrafts.parse(body, null)));
    return HttpResponse.created(
        created, URI.create("/admin/strategies/" + created.get("strategyId")));
  }

  @Put(uri = "/{strategyId}", consumes = MediaType.APPLICATION_JSON)
  public Map<String, Object> update(String strategyId, @Body String body) {
    return StrategyRecords.view(admin.update(StrategyDrafts.parse(body, strategyId)));
  }

  @Delete("/{strategyId}")
  public HttpResponse<Void> delete(String strategyId) {
    admin.delete(strategyId);
    return HttpResponse.noContent();
  }

  /** Every strategy, by id. */
  @Get
  public Map<String, List<Map<String, Object>>> list() {
    return Map.of("strategies", admin.all().stream().map(StrategyRecords::view).toList());
  }

  @Get("/{strategyId}")
  public Map<String, Object> get(String strategyId) {
    return admin
        .find(strategyId)
        .map(StrategyRecords::view)
        .orElseThrow(() -> new StrategyNotFoundException(strategyId));
  }

  @Error(exception = InvalidStrategyException.class)
  public HttpResponse<byte[]> invalid(HttpRequest<?> request, InvalidStrategyException e) {
    return e.malformedJson()
        ? Problems.response(
            NotifierProblem.INVALID_JSON,
            "The body is not valid JSON",
            request.getPath(),
            e.violations())
        : Problems.response(
            NotifierProblem.INVALID_STRATEGY,
            "Fix the listed fields and send the strategy again",
            request.getPath(),
            e.violations());
  }

  @Error(exception = StrategyNotFoundException.class)
  public HttpResponse<byte[]> notFound(HttpRequest<?> request, StrategyNotFoundException e) {
    return Problems.response(NotifierProblem.NOT_FOUND, e.getMessage(), request.getPath());
  }

  @Error(exception = StrategyExistsException.class)
  public HttpResponse<byte[]> exists(HttpRequest<?> request, StrategyExistsException e) {
    return Problems.response(NotifierProblem.CONFLICT, e.getMessage(), request.getPath());
  }

  @Error(exception = StrategiesUnavailableException.class)
  public HttpResponse<byte[]> unavailable(
      HttpRequest<?> request, StrategiesUnavailableException e) {
    return Problems.retryLater(
        NotifierProblem.UNAVAILABLE, e.getMessage(), request.getPath(), settings.retryAfter());
  }
}
