package io.leadpipe.dashboard.web;

import io.leadpipe.dashboard.access.DashboardPaths;
import io.leadpipe.dashboard.config.DashboardProperties;
import io.leadpipe.dashboard.query.QueryAnswer;
import io.leadpipe.dashboard.query.QueryApiClient;
import io.leadpipe.dashboard.stats.DashboardStats;
import io.leadpipe.dashboard.support.DashboardJson;
import io.leadpipe.service.problem.Problems;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * The page's data: the live snapshot pushed as server-sent events (or read once), and the prospect
 * list passed through from the query API with the operator's filters.
 */
@Controller(DashboardPaths.API)
@Requires(property = "leadpipe.dashboard.enabled", notEquals = "false")
public class DashboardApiController {
  static final String SNAPSHOT_EVENT = "snapshot";
  private static final String PROSPECTS = "/v1/prospects";

  private final DashboardStats stats;
  private final QueryApiClient queryApi;
  private final Duration pushInterval;
  private final Clock clock;

  public DashboardApiController(
      DashboardStats stats, QueryApiClient queryApi, DashboardProperties props) {
    this.stats = stats;
    this.queryApi = queryApi;
    this.pushInterval = props.getPushInterval();
    this.clock = Clock.systemUTC();
  }

  @Get(value = "/snapshot", produces = MediaType.APPLICATION_JSON)
  public String snapshot() {
    return DashboardJson.write(stats.snapshot(clock.instant()));
  }

  /**
   * A snapshot now, then one every push interval; a slow browser skips snapshots rather than
   * queueing them.
   */
  @Get(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM)
  public Publisher<Event<String>> stream() {
    return Flux.interval(Duration.ZERO, pushInterval)
        .onBackpressureDrop()
        .map(tick -> Event.of(snapshot()).name(SNAPSHOT_EVENT));
  }

  @Get("/prospects")
  @ExecuteOn(TaskExecutors.BLOCKING)
  public HttpResponse<?> prospects(
      @Nullable @QueryValue String segment,
      @Nullable @QueryValue String stage,
      @Nullable @QueryValue String leadType,
      @Nullable @QueryValue String sort,
      @Nullable @QueryValue String limit,
      @Nullable @QueryValue String offset) {
    // Only these parameters are passed on, to this one fixed path: the page cannot make the service
    // call elsewhere.
    Map<String, String> params = new LinkedHashMap<>();
    params.put("segment", segment);
    params.put("stage", stage);
    params.put("leadType", leadType);
    params.put("sort", sort);
    params.put("limit", limit);
    params.put("offset", offset);
    Optional<QueryAnswer> answer = queryApi.get(PROSPECTS, params);
    if (answer.isPresent() && (answer.get().ok() || answer.get().callerError())) {
      return HttpResponse.<String>status(HttpStatus.valueOf(answer.get().status()))
          .contentType(answer.get().contentType())
          .body(answer.get().body());
    }
    return Problems.response(
        DashboardProblem.QUERY_API_UNAVAILABLE,
        "The scoring-stream query API (" + PROSPECTS + ") did not answer.",
        null);
  }
}
