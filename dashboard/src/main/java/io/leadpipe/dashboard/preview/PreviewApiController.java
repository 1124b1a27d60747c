package io.leadpipe.dashboard.preview;

import io.leadpipe.dashboard.access.DashboardPaths;
import io.leadpipe.dashboard.admin.AdminResource;
import io.leadpipe.dashboard.query.QueryApiClient;
import io.leadpipe.dashboard.web.DashboardProblem;
import io.leadpipe.dashboard.web.QueryPassThrough;
import io.leadpipe.service.problem.Problems;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Arrays;

/**
 * The editors' match preview (docs/dashboard.md, Segments and strategies): {@code POST
 * /dashboard/api/preview/{segments|strategies}} with {@code {"rule": ...}} or {@code {"audience":
 * ...}} is sent on to the query API's {@code /v1/segments/preview} or {@code
 * /v1/strategies/preview} with the dashboard's read token, and the answer (counts only, no personal
 * data; or the problem with each violation's path) comes back as it is. JSON only, so a cross-site
 * form cannot post it.
 */
@Controller(DashboardPaths.API + "/preview")
@Requires(property = "leadpipe.dashboard.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PreviewApiController {

  private final QueryApiClient queryApi;

  public PreviewApiController(QueryApiClient queryApi) {
    this.queryApi = queryApi;
  }

  @Post(value = "/{resource}", consumes = MediaType.APPLICATION_JSON)
  public HttpResponse<?> preview(String resource, @Body String body) {
    String instance = DashboardPaths.API + "/preview/" + resource;
    if (Arrays.stream(AdminResource.values()).noneMatch(r -> r.parameter().equals(resource))) {
      return Problems.response(
          DashboardProblem.NOT_FOUND, "Previews are of segments and strategies.", instance);
    }
    String path = "/v1/" + resource + "/preview";
    return QueryPassThrough.of(queryApi.post(path, body), path, instance);
  }
}
