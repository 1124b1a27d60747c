package io.leadpipe.dashboard.access;

import io.leadpipe.dashboard.web.StaticAssets;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import java.net.URI;

/**
 * The login page: the operator enters the dashboard token once and gets the session cookie
 * (HttpOnly, SameSite=Strict, Secure over HTTPS, limited to /dashboard, expiring with the session).
 * Logging out revokes the session and clears the cookie.
 */
@Controller
@Requires(property = "leadpipe.dashboard.enabled", notEquals = "false")
public class LoginController {
  private final DashboardAccess access;
  private final StaticAssets assets;

  public LoginController(DashboardAccess access, StaticAssets assets) {
    this.access = access;
    this.assets = assets;
  }

  @Get(DashboardPaths.LOGIN)
  public HttpResponse<?> page() {
    if (access.localMode()) {
      return HttpResponse.seeOther(URI.create(DashboardPaths.ROOT));
    }
    return HttpResponse.ok(assets.loginPage(false)).contentType(MediaType.TEXT_HTML_TYPE);
  }

  @Post(value = DashboardPaths.LOGIN, consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> login(HttpRequest<?> request, @Nullable String token) {
    if (access.localMode()) {
      return HttpResponse.seeOther(URI.create(DashboardPaths.ROOT));
    }
    if (access.tokenMatches(token)) {
      return HttpResponse.seeOther(URI.create(DashboardPaths.ROOT))
          .cookie(sessionCookie(access, request));
    }
    return HttpResponse.status(HttpStatus.UNAUTHORIZED)
        .body(assets.loginPage(true))
        .contentType(MediaType.TEXT_HTML_TYPE);
  }

  @Post(value = DashboardPaths.LOGOUT, consumes = MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> logout(HttpRequest<?> request) {
    if (!access.localMode()) {
      request
          .getCookies()
          .findCookie(DashboardAccess.COOKIE)
          .ifPresent(cookie -> access.sessions().close(cookie.getValue()));
    }
    return HttpResponse.seeOther(URI.create(DashboardPaths.LOGIN))
        .cookie(Cookie.of(DashboardAccess.COOKIE, "").path(DashboardPaths.ROOT).maxAge(0));
  }

  static Cookie sessionCookie(DashboardAccess access, HttpRequest<?> request) {
    DashboardSessions sessions = access.sessions();
    return Cookie.of(DashboardAccess.COOKIE, sessions.open())
        .path(DashboardPaths.ROOT)
        .maxAge(sessions.ttl())
        .httpOnly(true)
        .sameSite(SameSite.Strict)
        .secure(request.isSecure());
  }
}
