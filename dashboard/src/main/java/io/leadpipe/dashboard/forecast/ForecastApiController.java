package io.leadpipe.dashboard.forecast;

import io.leadpipe.dashboard.access.DashboardPaths;
import io.leadpipe.dashboard.query.QueryApiClient;
import io.leadpipe.dashboard.web.QueryPassThrough;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Map;

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

  private HttpResponse<?> passOn(String path, Map<String, String> params) {
    return QueryPassThrough.of(queryApi.get(path, params), path, null);
  }
}
