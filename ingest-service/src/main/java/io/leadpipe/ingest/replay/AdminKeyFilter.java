package io.leadpipe.ingest.replay;

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
 * IngestAccess}); write keys open nothing here.
 */
@ServerFilter("/admin/**")
public class AdminKeyFilter implements Ordered {

  private final AdminKeyCheck check;

  public AdminKeyFilter(IngestAccess access) {
    this.check =
        new AdminKeyCheck(
            access.adminKeys(), ReplayProblem.ADMIN_KEY_MISSING, ReplayProblem.ADMIN_KEY_INVALID);
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
