package io.leadpipe.dashboard.forecast;

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
 * Given the dashboard with a fake query API, the Forecast section's data passes through from the
 * query API (its problems as they came, a missing API as the dashboard's 503), and the page loads
 * the section's script.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class ForecastPanelIT {

  private static DashboardApp app;
  private static Http http;

  @BeforeAll
  static void start(KafkaTestEnvironment env) {
    app = DashboardApp.start(env, Map.of());
    http = new Http(app.url());
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void theForecastBacktestAndModelPassThroughTheQueryApi() {
    String forecast =
        "{\"horizonDays\":7,\"overall\":{\"visitors\":3,\"expectedRevenue\":48.0,"
            + "\"low\":0.0,\"high\":170.46},\"segments\":[]}";
    app.queryApi().answer("/v1/forecast", forecast);
    app.queryApi()
        .answer(
            "/v1/forecast/backtest?days=14",
            "{\"horizonDays\":7,\"days\":[{\"day\":\"2026-11-02\",\"forecastRevenue\":40.0,"
                + "\"actualRevenue\":120.0}]}");
    app.queryApi()
        .answer("/v1/propensity/model", "{\"model\":\"purchase-7d\",\"servingVersion\":0}");

    HttpResponse<String> got = http.get("/dashboard/api/forecast");
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(forecast);
    assertThat(http.get("/dashboard/api/forecast/backtest?days=14").body())
        .contains("\"actualRevenue\":120.0");
    assertThat(http.get("/dashboard/api/forecast/model").body()).contains("purchase-7d");
  }

  @Test
  void aRefusalComesBackAsTheQueryApiPhrasedItAndNoAnswerIsA503() {
    app.queryApi()
        .answer(
            "/v1/forecast/backtest?days=0",
            400,
            "application/problem+json",
            "{\"status\":400,\"violations\":[{\"field\":\"days\"}]}");
    HttpResponse<String> refused = http.get("/dashboard/api/forecast/backtest?days=0");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("\"field\":\"days\"");

    app.queryApi().forget("/v1/propensity/model");
    HttpResponse<String> missing = http.get("/dashboard/api/forecast/model");
    assertThat(missing.statusCode()).isEqualTo(503);
    assertThat(missing.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  @Test
  void thePageLoadsTheForecastSection() {
    assertThat(http.get("/dashboard").body())
        .contains("/dashboard/assets/forecast.js", "id=\"forecast-panel\"");
    HttpResponse<String> script = http.get("/dashboard/assets/forecast.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(script.body()).contains("/dashboard/api/forecast");
  }
}
