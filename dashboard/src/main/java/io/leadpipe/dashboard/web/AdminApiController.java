package io.leadpipe.dashboard.web;

import io.leadpipe.dashboard.access.DashboardPaths;
import io.leadpipe.dashboard.admin.AdminApis;
import io.leadpipe.dashboard.admin.AdminResource;
import io.leadpipe.dashboard.query.QueryAnswer;
import io.leadpipe.service.problem.Problems;
import io.leadpipe.service.problem.Violation;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The editors' way to the admin APIs: {@code /dashboard/api/admin/{segments|strategies}[/{id}]} is
 * sent on to {@code /admin/segments} (scoring-stream) or {@code /admin/strategies} (notifier) with
 * the admin key the operator entered ({@code X-Admin-Key}), and the answer comes back as it is, so
 * the page shows the admin API's own validation problems at the fields they name. Only these paths
 * and methods, and ids of the admin APIs' form, are passed on. A request without the key header is
 * refused here; a wrong key is refused by the admin API. The custom header also keeps other sites
 * from making a logged-in browser edit (a cross-site form cannot set it).
 */
@Controller(DashboardPaths.API + "/admin")
@Requires(property = "leadpipe.dashboard.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminApiController {
  private static final String KEY_HEADER = "X-Admin-Key";

  private final AdminApis apis;

  public AdminApiController(AdminApis apis) {
    this.apis = apis;
  }

  @Get("/{resource}")
  public HttpResponse<?> list(String resource, @Nullable @Header(KEY_HEADER) String adminKey) {
    return call(resource, null, "GET", null, adminKey);
  }

  @Post(value = "/{resource}", consumes = MediaType.APPLICATION_JSON)
  public HttpResponse<?> create(
      String resource, @Body String body, @Nullable @Header(KEY_HEADER) String adminKey) {
    return call(resource, null, "POST", body, adminKey);
  }

  @Get("/{resource}/{id}")
  public HttpResponse<?> one(
      String resource, String id, @Nullable @Header(KEY_HEADER) String adminKey) {
    return call(resource, id, "GET", null, adminKey);
  }

  @Put(value = "/{resource}/{id}", consumes = MediaType.APPLICATION_JSON)
  public HttpResponse<?> replace(
      String resource,
      String id,
      @Body String body,
      @Nullable @Header(KEY_HEADER) String adminKey) {
    return call(resource, id, "PUT", body, adminKey);
  }

  @Delete("/{resource}/{id}")
  public HttpResponse<?> delete(
      String resource, String id, @Nullable @Header(KEY_HEADER) String adminKey) {
    return call(resource, id, "DELETE", null, adminKey);
  }

  private HttpResponse<?> call(
      String resourceName, @Nullable String id, String method, String body, String adminKey) {
    String instance = DashboardPaths.API + "/admin/" + resourceName;
    Optional<AdminResource> resource =
        Arrays.stream(AdminResource.values())
            .filter(r -> r.parameter().equals(resourceName))
            .findFirst();
    if (resource.isEmpty()) {
      return Problems.response(
          DashboardProblem.NOT_FOUND, "The dashboard edits segments and strategies.", instance);
    }
    if (adminKey == null || adminKey.isBlank()) {
      return Problems.response(
          DashboardProblem.ADMIN_KEY_REQUIRED,
          "Editing needs an admin key: enter it in the dashboard (sent as " + KEY_HEADER + ").",
          instance);
    }
    if (id != null && !AdminResource.validId(id)) {
      return Problems.response(
          DashboardProblem.INVALID_REQUEST,
          "Not an id of the admin API",
          instance,
          List.of(new Violation(resource.get().idField(), "must match [a-z0-9][a-z0-9_-]{0,63}")));
    }
    String path = id == null ? resource.get().path() : resource.get().path(id);
    Optional<QueryAnswer> answer = apis.of(resource.get()).send(method, path, body, adminKey);
    if (answer.isEmpty() || answer.get().status() >= 500 && answer.get().status() != 503) {
      return Problems.response(
          DashboardProblem.ADMIN_API_UNAVAILABLE,
          "The admin API for " + resourceName + " did not answer.",
          instance);
    }
    QueryAnswer a = answer.get();
    if (a.body() == null || a.body().isEmpty()) {
      return HttpResponse.status(HttpStatus.valueOf(a.status()));
    }
    return HttpResponse.<String>status(HttpStatus.valueOf(a.status()))
        .contentType(a.contentType())
        .body(a.body());
  }
}
