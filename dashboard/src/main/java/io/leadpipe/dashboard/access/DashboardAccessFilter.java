package io.leadpipe.dashboard.access;

import io.leadpipe.dashboard.web.DashboardProblem;
import io.leadpipe.service.problem.Problems;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.uri.UriBuilder;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Guards every dashboard path with {@link DashboardAccess} (the login page and the static assets,
 * which hold no data, stay open), turns a valid {@code ?token=} into the session cookie and a
 * redirect that drops the token from the address bar, and adds the security headers: a
 * Content-Security-Policy that allows only this origin's scripts and styles (no inline script at
 * all), no sniffing, no framing, no referrer.
 */
@ServerFilter({DashboardPaths.ROOT, DashboardPaths.ROOT + "/**"})
@Requires(property = "leadpipe.dashboard.enabled", notEquals = "false")
public class DashboardAccessFilter {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; "
          + "img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
  private static final String TOKEN_PARAMETER = "token";

  private final DashboardAccess access;

  public DashboardAccessFilter(DashboardAccess access) {
    this.access = access;
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> check(HttpRequest<?> request) {
    String path = request.getPath();
    if (DashboardPaths.open(path)) {
      return null;
    }
    String offered = request.getParameters().get(TOKEN_PARAMETER);
    if (offered != null && access.tokenMatches(offered)) {
      // Same page without the token, so it stays out of history, bookmarks and Referer headers.
      return HttpResponse.seeOther(withoutToken(request))
          .cookie(LoginController.sessionCookie(access, request));
    }
    InetSocketAddress remote = request.getRemoteAddress();
    String cookie =
        request.getCookies().findCookie(DashboardAccess.COOKIE).map(Cookie::getValue).orElse(null);
    DashboardAccess.Decision decision =
        access.decide(
            remote == null ? null : remote.getAddress(),
            cookie,
            request.getHeaders().get(HttpHeaders.AUTHORIZATION));
    return switch (decision) {
      case ALLOW -> null;
      case LOCAL_ONLY ->
          Problems.response(
              DashboardProblem.LOCAL_ONLY,
              "No dashboard token is configured, so the dashboard answers only on this machine. Set "
                  + "leadpipe.dashboard.token (LEADPIPE_DASHBOARD_TOKEN) to open it to other machines.",
              null);
      case NEED_LOGIN -> loginRequired(path);
    };
  }

  private static URI withoutToken(HttpRequest<?> request) {
    UriBuilder uri = UriBuilder.of(request.getPath());
    request
        .getParameters()
        .forEach(
            (name, values) -> {
              if (!name.equals(TOKEN_PARAMETER)) {
                values.forEach(v -> uri.queryParam(name, v));
              }
            });
    return uri.build();
  }

  private static MutableHttpResponse<?> loginRequired(String path) {
    if (DashboardPaths.api(path)) {
      return Problems.response(
              DashboardProblem.UNAUTHORIZED,
              "Log in at "
                  + DashboardPaths.LOGIN
                  + ", or send Authorization: Bearer <dashboard token>.",
              null)
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"leadpipe-dashboard\"");
    }
    return HttpResponse.seeOther(URI.create(DashboardPaths.LOGIN));
  }

  @ResponseFilter
  public void secureHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
    response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.header("X-Content-Type-Options", "nosniff");
    response.header("X-Frame-Options", "DENY");
    response.header("Referrer-Policy", "no-referrer");
    if (!DashboardPaths.asset(request.getPath())) {
      response.header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
  }
}
