package io.leadpipe.dashboard.web;

import io.leadpipe.dashboard.query.QueryAnswer;
import io.leadpipe.service.problem.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import java.util.Optional;

/**
 * A query API answer passed on to the page as it came (its refusals too, so the page shows the
 * query API's own violations), or the dashboard's 503 when the query API is not there or failed.
 */
public final class QueryPassThrough {

  private QueryPassThrough() {}

  /**
   * @param path the query API path asked, for the 503's detail
   * @param instance the dashboard path the page asked, or null
   */
  public static HttpResponse<?> of(
      Optional<QueryAnswer> answer, String path, @Nullable String instance) {
    if (answer.isPresent() && (answer.get().ok() || answer.get().callerError())) {
      return HttpResponse.<String>status(HttpStatus.valueOf(answer.get().status()))
          .contentType(answer.get().contentType())
          .body(answer.get().body());
    }
    return Problems.response(
        DashboardProblem.QUERY_API_UNAVAILABLE,
        "The scoring-stream query API (" + path + ") did not answer.",
        instance);
  }
}
