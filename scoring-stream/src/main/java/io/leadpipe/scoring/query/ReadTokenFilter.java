package io.leadpipe.scoring.query;

import io.leadpipe.scoring.problem.ScoringProblem;
import io.leadpipe.scoring.security.ScoringAccess;
import io.leadpipe.service.problem.Problems;
import io.leadpipe.service.security.Credentials;
import io.leadpipe.service.security.KeyRing;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * The query API is open while no read token is configured (local mode). With {@code
 * leadpipe.security.read-tokens} set, every /v1 request needs {@code Authorization: Bearer
 * <token>}: none → 401, a wrong one → 403.
 */
@ServerFilter("/v1/**")
public class ReadTokenFilter implements Ordered {

  private final KeyRing tokens;

  public ReadTokenFilter(ScoringAccess access) {
    this.tokens = access.readTokens();
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> authenticate(HttpRequest<?> request) {
    if (tokens.isEmpty()) {
      return null;
    }
    String presented = Credentials.presented(request, null);
    if (presented == null || presented.isEmpty()) {
      return Problems.response(
              ScoringProblem.UNAUTHORIZED,
              "Send a read token as 'Authorization: Bearer <token>'",
              request.getPath())
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"leadpipe-query\"");
    }
    if (!tokens.matches(presented)) {
      return Problems.response(
          ScoringProblem.FORBIDDEN, "The read token is not valid", request.getPath());
    }
    return null;
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.order();
  }
}
