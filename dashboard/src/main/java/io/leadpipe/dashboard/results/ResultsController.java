package io.leadpipe.dashboard.results;

import io.leadpipe.dashboard.access.DashboardPaths;
import io.leadpipe.dashboard.admin.AdminApis;
import io.leadpipe.dashboard.query.QueryAnswer;
import io.leadpipe.dashboard.query.QueryApiClient;
import io.leadpipe.dashboard.web.DashboardProblem;
import io.leadpipe.service.problem.Problems;
import io.leadpipe.service.problem.Violation;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What works, for the "What works" section (docs/dashboard.md): the strategy results of the
 * notifier ({@code /admin/strategy-results}, read with the admin key the operator entered, as the
 * editors do: the dashboard holds none) and the reason accuracy of the query API ({@code
 * /v1/reasons/accuracy}, with the dashboard's read token). Each is one fixed path; only a segment
 * id of the admin API's form is passed on.
 */
@Controller(DashboardPaths.API + "/results")
@Requires(property = "leadpipe.dashboard.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ResultsController {

  static final String KEY_HEADER = "X-Admin-Key";
  static final String STRATEGY_RESULTS = "/admin/strategy-results";
  static final String REASON_ACCURACY = "/v1/reasons/accuracy";

  /** The segment id rule of {@code /admin/segments}. */
  private static final Pattern SEGMENT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  private final AdminApis admin;
  private final QueryApiClient queryApi;

  public ResultsController(AdminApis admin, QueryApiClient queryApi) {
    this.admin = admin;
    this.queryApi = queryApi;
  }

  /** Every strategy's arms with their uplift against the holdout, by reason and segment. */
  @Get("/strategies")
  public HttpResponse<?> strategies(@Nullable @Header(KEY_HEADER) String adminKey) {
    String instance = DashboardPaths.API + "/results/strategies";
    if (adminKey == null || adminKey.isBlank()) {
      return Problems.response(
          DashboardProblem.ADMIN_KEY_REQUIRED,
          "Strategy results need an admin key: enter it in the dashboard (sent as "
              + KEY_HEADER
              + ").",
          instance);
    }
    Optional<QueryAnswer> answer = admin.notifier().send("GET", STRATEGY_RESULTS, null, adminKey);
    if (answer.isEmpty() || answer.get().status() >= 500 && answer.get().status() != 503) {
      return Problems.response(
          DashboardProblem.ADMIN_API_UNAVAILABLE,
          "The notifier (" + STRATEGY_RESULTS + ") did not answer.",
          instance);
    }
    return passOn(answer.get());
  }

  /** The inferred reason against the stated one, overall or for one segment. */
  @Get("/reason-accuracy")
  public HttpResponse<?> reasonAccuracy(@Nullable @QueryValue String segment) {
    String instance = DashboardPaths.API + "/results/reason-accuracy";
    if (segment != null && !segment.isEmpty() && !SEGMENT_ID.matcher(segment).matches()) {
      return Problems.response(
          DashboardProblem.INVALID_REQUEST,
          "Not a segment id",
          instance,
          List.of(new Violation("segment", "must match " + SEGMENT_ID.pattern())));
    }
    Optional<QueryAnswer> answer =
        queryApi.get(REASON_ACCURACY, segment == null ? Map.of() : Map.of("segment", segment));
    if (answer.isPresent() && (answer.get().ok() || answer.get().callerError())) {
      return passOn(answer.get());
    }
    return Problems.response(
        DashboardProblem.QUERY_API_UNAVAILABLE,
        "The scoring-stream query API (" + REASON_ACCURACY + ") did not answer.",
        instance);
  }

  private static HttpResponse<?> passOn(QueryAnswer answer) {
    return HttpResponse.<String>status(HttpStatus.valueOf(answer.status()))
        .contentType(answer.contentType())
        .body(answer.body());
  }
}
