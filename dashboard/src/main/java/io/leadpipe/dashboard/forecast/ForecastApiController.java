package io.leadpipe.dashboard.forecast;

import io.leadpipe.dashboard.access.DashboardPaths;
import io.leadpipe.dashboard.query.QueryAnswer;
import io.leadpipe.dashboard.query.QueryApiClient;
import io.leadpipe.dashboard.web.DashboardProblem;
import io.leadpipe.service.problem.Problems;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Map;
import java.util.Optional;

/**
 * The forecast section's data (docs/dashboard.md, Forecast), passed through from the query API with
 * the dashboard's read token: expected revenue overall and per segment, the backtest by day, and
 * the serving propensity model with its holdout figures. None of it is personal data.
 */
@Controller(DashboardPaths.API + "/forecast")
@Requires(property = "leadpipe.dashboard.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ForecastApiController {

  static final String FORECAST = "/v1/forecast";
  static final String BACKTEST = "/v1/forecast/backtest";
  static final String MODEL = "/v1/propensity/model";

  private final QueryApiClient queryApi;

  public ForecastApiController(QueryApiClient queryApi) {
    this.queryApi = queryApi;
  }

  @Get
  public HttpResponse<?> forecast() {
    return passOn(FORECAST, Map.of());
  }

  /** The query API checks {@code days} and names it in its problem when it is not valid. */
  @Get("/backtest")
  public HttpResponse<?> backtest(@Nullable @QueryValue String days) {
    return passOn(BACKTEST, days == null ? Map.of() : Map.of("days", days));
  }

  @Get("/model")
  public HttpResponse<?> model() {
    return passOn(MODEL, Map.of());
  }

  /** The answer as it came, or a problem when the query API is not there or failed. */
  private HttpResponse<?> passOn(String path, Map<String, String> params) {
    Optional<QueryAnswer> answer = queryApi.get(path, params);
    if (answer.isPresent() && (answer.get().ok() || answer.get().callerError())) {
      return HttpResponse.<String>status(HttpStatus.valueOf(answer.get().status()))
          .contentType(answer.get().contentType())
          .body(answer.get().body());
    }
    return Problems.response(
        DashboardProblem.QUERY_API_UNAVAILABLE,
        "The scoring-stream query API (" + path + ") did not answer.",
        null);
  }
}
