package io.leadpipe.notifier.admin;

import io.leadpipe.service.problem.Problems;
import io.leadpipe.service.security.Credentials;
import io.leadpipe.service.security.KeyRing;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.List;

/**
 * Everything under /admin needs one of {@code leadpipe.security.admin-keys}: {@code Authorization:
 * Bearer <key>} or {@code X-Admin-Key}. None → 401, a wrong one → 403, both as problem+json. With
 * no key configured the admin API is closed.
 */
@ServerFilter("/admin/**")
public class AdminKeyFilter implements Ordered {

  public static final String ADMIN_KEY_HEADER = "X-Admin-Key";

  private final KeyRing adminKeys;

  public AdminKeyFilter(
      @Property(name = "leadpipe.security.admin-keys") @Nullable List<String> adminKeys) {
    this.adminKeys = new KeyRing(adminKeys == null ? List.of() : adminKeys);
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> authenticate(HttpRequest<?> request) {
    String presented = Credentials.presented(request, ADMIN_KEY_HEADER);
    if (presented == null || presented.isEmpty()) {
      return Problems.response(
              NotifierProblem.UNAUTHORIZED,
              "Send an admin key as 'Authorization: Bearer <key>' or '" + ADMIN_KEY_HEADER + "'",
              request.getPath())
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"leadpipe-admin\"");
    }
    if (!adminKeys.matches(presented)) {
      return Problems.response(
          NotifierProblem.FORBIDDEN, "The admin key is not valid", request.getPath());
    }
    return null;
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.order();
  }
}
