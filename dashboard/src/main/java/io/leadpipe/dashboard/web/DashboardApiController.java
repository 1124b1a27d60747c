package io.leadpipe.dashboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpipe.dashboard.access.DashboardPaths;
import io.leadpipe.dashboard.config.DashboardProperties;
import io.leadpipe.dashboard.prospects.GroupQuery;
import io.leadpipe.dashboard.prospects.ProspectMerge;
import io.leadpipe.dashboard.prospects.StageGroup;
import io.leadpipe.dashboard.query.QueryAnswer;
import io.leadpipe.dashboard.query.QueryApiClient;
import io.leadpipe.dashboard.stats.DashboardStats;
import io.leadpipe.dashboard.support.DashboardJson;
import io.leadpipe.schemas.profile.LifecycleStage;
import io.leadpipe.service.problem.Problems;
import io.leadpipe.service.problem.Violation;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * The page's data: the live snapshot pushed as server-sent events (or read once), the prospect list
 * passed through from the query API with the operator's filters (a stage group merged from its
 * stages), and one prospect's profile.
 */
@Controller(DashboardPaths.API)
@Requires(property = "leadpipe.dashboard.enabled", notEquals = "false")
public class DashboardApiController {
  static final String SNAPSHOT_EVENT = "snapshot";
  private static final String PROSPECTS = "/v1/prospects";
  private static final String PROFILES = "/v1/profiles/";

  private final DashboardStats stats;
  private final QueryApiClient queryApi;
  private final Duration pushInterval;
  private final DashboardProperties.QueryApi props;
  private final Clock clock;

  public DashboardApiController(
      DashboardStats stats, QueryApiClient queryApi, DashboardProperties props) {
    this.stats = stats;
    this.queryApi = queryApi;
    this.pushInterval = props.getPushInterval();
    this.props = props.getQueryApi();
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
    Optional<StageGroup> group = StageGroup.of(stage);
    if (group.isPresent()) {
      return group(
          GroupQuery.parse(
              group.get(), sort, limit, offset, props.getDefaultLimit(), props.getMaxLimit()),
          params);
    }
    Optional<QueryAnswer> answer = queryApi.get(PROSPECTS, params);
    if (answer.isPresent() && (answer.get().ok() || answer.get().callerError())) {
      return passOn(answer.get());
    }
    return unavailable();
  }

  /**
   * One visitor's profile with its explanation, for the prospect page. The id comes as a query
   * parameter (ids may hold any character) and is encoded into the one fixed path. Personal data is
   * in the answer only if the dashboard's query API token may see it.
   */
  @Get("/profile")
  @ExecuteOn(TaskExecutors.BLOCKING)
  public HttpResponse<?> profile(@Nullable @QueryValue String visitorId) {
    if (visitorId == null || visitorId.isBlank()) {
      return Problems.response(
          DashboardProblem.INVALID_REQUEST,
          "Which visitor?",
          DashboardPaths.API + "/profile",
          List.of(new Violation("visitorId", "is required")));
    }
    String path =
        PROFILES + URLEncoder.encode(visitorId, StandardCharsets.UTF_8).replace("+", "%20");
    Optional<QueryAnswer> answer = queryApi.get(path, Map.of());
    // The query API answers an unknown visitor with a problem; a bare 404 means no query API here.
    if (answer.isPresent()
        && (answer.get().ok()
            || answer.get().callerError()
            || answer.get().status() == HttpStatus.NOT_FOUND.getCode()
                && answer.get().contentType().startsWith(Problems.MEDIA_TYPE))) {
      return passOn(answer.get());
    }
    return Problems.response(
        DashboardProblem.QUERY_API_UNAVAILABLE,
        "The scoring-stream query API (" + PROFILES + "...) did not answer.",
        null);
  }

  /**
   * The visitor's latest follow-up decisions the dashboard's feed has read (bounded; see {@link
   * io.leadpipe.dashboard.followups.VisitorFollowups}), newest first.
   */
  @Get(value = "/followups", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> followups(@Nullable @QueryValue String visitorId) {
    if (visitorId == null || visitorId.isBlank()) {
      return Problems.response(
          DashboardProblem.INVALID_REQUEST,
          "Which visitor?",
          DashboardPaths.API + "/followups",
          List.of(new Violation("visitorId", "is required")));
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("visitorId", visitorId);
    answer.put("since", stats.countingSince());
    answer.put("decisions", stats.followupsOf(visitorId));
    return HttpResponse.ok(DashboardJson.write(answer)).contentType(MediaType.APPLICATION_JSON);
  }

  /** Each stage of the group from the top, merged into one ranking (docs/dashboard.md). */
  private HttpResponse<?> group(GroupQuery query, Map<String, String> params) {
    if (!query.valid()) {
      return Problems.response(
          DashboardProblem.INVALID_REQUEST,
          "Some parameters are not valid",
          DashboardPaths.API + "/prospects",
          query.violations());
    }
    List<JsonNode> pages = new ArrayList<>();
    for (LifecycleStage stage : query.group().stages()) {
      Map<String, String> stageParams = new LinkedHashMap<>(params);
      stageParams.put("stage", stage.name());
      stageParams.put("sort", query.sort());
      stageParams.put("offset", "0");
      stageParams.put("limit", Integer.toString(query.depth()));
      Optional<QueryAnswer> answer = queryApi.get(PROSPECTS, stageParams);
      if (answer.isEmpty() || !(answer.get().ok() || answer.get().callerError())) {
        return unavailable();
      }
      Optional<JsonNode> page =
          answer.get().ok() ? DashboardJson.read(answer.get().body()) : Optional.empty();
      if (page.isEmpty()) {
        // A refusal (e.g. an unknown lead type) is the same for every stage: shown as it came.
        return answer.get().ok() ? unavailable() : passOn(answer.get());
      }
      pages.add(page.get());
    }
    return HttpResponse.ok(
            DashboardJson.write(
                ProspectMerge.merge(
                    query.group(), pages, query.sort(), query.offset(), query.limit())))
        .contentType(MediaType.APPLICATION_JSON);
  }

  private static HttpResponse<?> passOn(QueryAnswer answer) {
    return HttpResponse.<String>status(HttpStatus.valueOf(answer.status()))
        .contentType(answer.contentType())
        .body(answer.body());
  }

  private static HttpResponse<?> unavailable() {
    return Problems.response(
        DashboardProblem.QUERY_API_UNAVAILABLE,
        "The scoring-stream query API (" + PROSPECTS + ") did not answer.",
        null);
  }
}
