package io.leadpipe.scoring.admin;

import io.leadpipe.scoring.problem.ScoringProblem;
import io.leadpipe.scoring.security.ScoringAccess;
import io.leadpipe.service.security.AdminKeyCheck;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Everything under /admin needs an admin key ({@link AdminKeyCheck}, keys from {@link
 * ScoringAccess}).
 */
@ServerFilter("/admin/**")
public class AdminKeyFilter implements Ordered {

  private final AdminKeyCheck check;

  public AdminKeyFilter(ScoringAccess access) {
    this.check =
        new AdminKeyCheck(
            access.adminKeys(), ScoringProblem.UNAUTHORIZED, ScoringProblem.FORBIDDEN);
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> authenticate(HttpRequest<?> request) {
    return check.refusal(request);
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.order();
  }
}
