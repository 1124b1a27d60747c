package io.leadpipe.dashboard.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.dashboard.testing.DashboardApp;
import io.leadpipe.dashboard.testing.Http;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Given a dashboard token is configured (anything but local mode), then nothing but the login page
 * and the static assets answers without it; the login form or {@code ?token=} gives the session
 * cookie, and a script may use {@code Authorization: Bearer}.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class DashboardTokenIT {
  private static final String TOKEN = "it-dashboard-token-7f3a";
  private static DashboardApp app;
  private static Http http;

  @BeforeAll
  static void start(KafkaTestEnvironment env) {
    app = DashboardApp.start(env, Map.of("leadpipe.dashboard.token", TOKEN));
    http = new Http(app.url());
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void withoutTheTokenTheApiAnswers401AndThePageSendsToTheLogin() {
    HttpResponse<String> api = http.get("/dashboard/api/snapshot");
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(api.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(api.body()).doesNotContain(TOKEN);
    assertThat(http.get("/dashboard/api/stream").statusCode()).isEqualTo(401);
    assertThat(http.get("/dashboard/api/prospects").statusCode()).isEqualTo(401);

    HttpResponse<String> page = http.get("/dashboard");
    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(page.headers().firstValue("Location")).contains("/dashboard/login");
    assertThat(
            http.get("/dashboard/api/snapshot", "Cookie", DashboardAccess.COOKIE + "=forged")
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void theLoginPageAndAssetsAreOpenAndAWrongTokenIsRefused() {
    HttpResponse<String> login = http.get("/dashboard/login");
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).contains("name=\"token\"").contains("data-login-failed hidden");
    assertThat(http.get("/dashboard/assets/dashboard.js").statusCode()).isEqualTo(200);

    HttpResponse<String> wrong = http.postForm("/dashboard/login", "token=guess");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body())
        .contains("data-login-failed>")
        .doesNotContain("data-login-failed hidden");
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void theLoginFormGivesAnExpiringSessionCookieThatOpensEverythingUntilLogout() {
    HttpResponse<String> login = http.postForm("/dashboard/login", "token=" + TOKEN);
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("Location")).contains("/dashboard");
    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie)
        .startsWith(DashboardAccess.COOKIE + "=")
        .containsIgnoringCase("HttpOnly")
        .contains("Path=/dashboard")
        .containsIgnoringCase("SameSite=Strict")
        .contains("Max-Age=28800")
        .doesNotContain(TOKEN);
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));

    assertThat(http.get("/dashboard", "Cookie", cookie).statusCode()).isEqualTo(200);
    assertThat(http.get("/dashboard/api/snapshot", "Cookie", cookie).statusCode()).isEqualTo(200);

    HttpResponse<String> logout = http.postForm("/dashboard/logout", "", "Cookie", cookie);
    assertThat(logout.statusCode()).isEqualTo(303);
    assertThat(logout.headers().firstValue("Set-Cookie"))
        .hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
    // The old cookie is revoked, not just cleared in this browser
    assertThat(http.get("/dashboard/api/snapshot", "Cookie", cookie).statusCode()).isEqualTo(401);
  }

  @Test
  void aTokenInTheAddressIsExchangedForTheCookieAndDroppedFromTheAddress() {
    HttpResponse<String> exchange = http.get("/dashboard?token=" + TOKEN + "&view=compact");
    assertThat(exchange.statusCode()).isEqualTo(303);
    assertThat(exchange.headers().firstValue("Location"))
        .hasValueSatisfying(
            location ->
                assertThat(location).endsWith("/dashboard?view=compact").doesNotContain(TOKEN));
    assertThat(exchange.headers().firstValue("Set-Cookie")).isPresent();

    HttpResponse<String> wrong = http.get("/dashboard?token=nope");
    assertThat(wrong.headers().firstValue("Location")).contains("/dashboard/login");
  }

  @Test
  void scriptsMayUseTheBearerToken() {
    assertThat(http.get("/dashboard/api/snapshot", "Authorization", "Bearer " + TOKEN).statusCode())
        .isEqualTo(200);
    assertThat(
            http.get("/dashboard/api/snapshot", "Authorization", "Bearer " + TOKEN + "x")
                .statusCode())
        .isEqualTo(401);
  }
}
