package io.leadpipe.service.security;

import io.leadpipe.service.problem.ProblemType;
import io.leadpipe.service.problem.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;

/**
 * The admin-key rule every service's {@code /admin} filter applies: {@code Authorization: Bearer
 * <key>} or {@code X-Admin-Key}; none → 401 with {@code WWW-Authenticate}, a wrong one → 403, both
 * as problem+json of the service's own problem types.
 */
public final class AdminKeyCheck {

  public static final String ADMIN_KEY_HEADER = "X-Admin-Key";

  private final KeyRing adminKeys;
  private final ProblemType unauthorized;
  private final ProblemType forbidden;

  public AdminKeyCheck(KeyRing adminKeys, ProblemType unauthorized, ProblemType forbidden) {
    this.adminKeys = adminKeys;
    this.unauthorized = unauthorized;
    this.forbidden = forbidden;
  }

  /** The refusal for {@code request}, or null when it carries a valid admin key. */
  @Nullable
  public HttpResponse<?> refusal(HttpRequest<?> request) {
    String presented = Credentials.presented(request, ADMIN_KEY_HEADER);
    if (presented == null || presented.isEmpty()) {
      return Problems.response(
              unauthorized,
              "Send an admin key as 'Authorization: Bearer <key>' or '" + ADMIN_KEY_HEADER + "'",
              request.getPath())
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"leadpipe-admin\"");
    }
    if (!adminKeys.matches(presented)) {
      return Problems.response(forbidden, "The admin key is not valid", request.getPath());
    }
    return null;
  }
}
