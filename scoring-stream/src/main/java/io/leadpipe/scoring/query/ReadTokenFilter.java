package io.leadpipe.scoring.query;

import io.leadpipe.scoring.problem.ScoringProblem;
import io.leadpipe.scoring.security.ScoringAccess;
import io.leadpipe.service.problem.Problems;
import io.leadpipe.service.security.Credentials;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.net.InetSocketAddress;

/**
 * Every /v1 request needs {@code Authorization: Bearer <token>}: a personal-data token sees
 * everything, a read token everything but personal data ({@link DataScope}); none → 401, a wrong
 * one → 403. In local mode with no token configured the API answers requests from this machine only
 * (loopback), in full; others get 403.
 */
@ServerFilter("/v1/**")
public class ReadTokenFilter implements Ordered {

  private final ScoringAccess access;

  public ReadTokenFilter(ScoringAccess access) {
    this.access = access;
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> authenticate(HttpRequest<?> request) {
    if (access.readTokens().isEmpty() && access.personalDataTokens().isEmpty()) {
      // Only possible in local mode: ScoringAccess refuses to start without tokens otherwise.
      if (!fromThisMachine(request)) {
        return Problems.response(
            ScoringProblem.FORBIDDEN,
            "In local mode without read tokens the query API answers this machine only",
            request.getPath());
      }
      DataScope.PERSONAL.attachTo(request);
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
    if (access.personalDataTokens().matches(presented)) {
      DataScope.PERSONAL.attachTo(request);
      return null;
    }
    if (access.readTokens().matches(presented)) {
      DataScope.PSEUDONYMOUS.attachTo(request);
      return null;
    }
    return Problems.response(
        ScoringProblem.FORBIDDEN, "The read token is not valid", request.getPath());
  }

  private static boolean fromThisMachine(HttpRequest<?> request) {
    InetSocketAddress remote = request.getRemoteAddress();
    return remote != null && remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.order();
  }
}
