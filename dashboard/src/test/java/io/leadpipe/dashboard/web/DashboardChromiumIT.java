package io.leadpipe.dashboard.web;

import static io.leadpipe.dashboard.testing.Records.decision;
import static io.leadpipe.dashboard.testing.Records.entered;
import static io.leadpipe.dashboard.testing.Records.hesitation;
import static io.leadpipe.dashboard.testing.Records.strategyDecision;
import static io.leadpipe.dashboard.testing.Records.surveyAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.dashboard.testing.DashboardApp;
import io.leadpipe.dashboard.testing.FakeAdminApi;
import io.leadpipe.dashboard.testing.QueryApiAnswers;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.devkit.test.RequiredTools;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.followup.DecisionOutcome;
import io.leadpipe.schemas.followup.DecisionReason;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.topics.Topics;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Given the dashboard (served by a small Micronaut app with a fake query API, on the devkit broker)
 * in real headless Chromium: it loads, goes live and shows numbers that change when records are
 * produced to the topics, writes a screenshot, and text a visitor supplied (a survey comment, a
 * segment name, a prospect id) that carries a {@code <script>} or an {@code <img onerror>} is
 * displayed as text and never runs.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class DashboardChromiumIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path SCREENSHOT = Path.of("target", "dashboard-chromium.png");

  /** Each payload, if it ever ran, would set window.__xss. */
  private static final String SCRIPT = "<script>window.__xss = 'script'</script>";

  private static final String IMG = "<img src=x onerror=\"window.__xss = 'img'\">";

  /** A visitor id a browser could have chosen, with markup in it. */
  private static final String PROSPECT = "v-<b onmouseover=alert(1)>bold";

  private static final String EMPTY_PAGE = "{\"total\": 0, \"items\": []}";

  private static DashboardApp app;
  private ChromeDriver browser;
  private Path profile;

  @BeforeAll
  static void start(KafkaTestEnvironment env) {
    app = DashboardApp.start(env, Map.of());
    app.queryApi().answer("/v1/funnel", QueryApiAnswers.funnel(120, 40, 12, 9, 3));
    app.queryApi()
        .answer(
            "/v1/segments/sizes",
            QueryApiAnswers.segmentSizes(
                "hot-prospects", "Hot prospects", 14, "bargain-hunters", "Bargain hunters", 6));
    app.queryApi().answer("/v1/audience", QueryApiAnswers.audience(IMG, SCRIPT));
    app.queryApi().answer("/v1/prospects", QueryApiAnswers.prospects(SCRIPT, IMG));
    // The default list (potential customers) asks each stage of the group; one of them has the
    // prospect.
    for (String stage : List.of("VISITOR", "ENGAGED_PROSPECT")) {
      app.queryApi().answerStage(stage, EMPTY_PAGE);
    }
    app.queryApi().answerStage("HESITATING_BUYER", QueryApiAnswers.prospects(PROSPECT, IMG));
    app.queryApi().profile(PROSPECT, QueryApiAnswers.profile(PROSPECT, IMG, SCRIPT));
    app.queryApi().answer("/v1/forecast", QueryApiAnswers.forecast(SCRIPT + IMG));
    app.queryApi().answer("/v1/forecast/backtest?days=14", QueryApiAnswers.backtest());
    app.queryApi().answer("/v1/propensity/model", QueryApiAnswers.propensityModel());
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @BeforeEach
  void openBrowser() throws Exception {
    RequiredTools.require(
        Files.isExecutable(CHROMIUM) && CHROMEDRIVER.canExecute(),
        "Chromium + ChromeDriver at " + CHROMIUM);
    profile = Files.createTempDirectory("leadpipe-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,2800",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    // The driver installed with the browser; never a download manager.
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER)
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void closeBrowser() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void thePageGoesLiveAndItsNumbersChangeWhenRecordsArrive() throws Exception {
    browser.get(app.url() + "/dashboard");
    await().atMost(WAIT).until(() -> "live".equals(text("status")));
    long hesitationsBefore = number("hesitations-total");
    long sentBefore = number("sent-total");
    long recoveredBefore = number("recovered-total");

    String visitor = "v-" + UUID.randomUUID();
    app.produce(
        Topics.SEGMENT_CHANGES,
        visitor,
        entered(visitor, "cart-leavers-" + visitor, "Cart leavers"));
    app.produce(
        Topics.HESITATIONS,
        visitor,
        hesitation(visitor, HesitationStatus.DETECTED, HesitationReason.SHIPPING));
    app.produce(
        Topics.FOLLOWUP_DECISIONS,
        visitor,
        decision(
            visitor, DecisionOutcome.SENT, DecisionReason.OK, FollowupPlay.FREE_SHIPPING, null));
    app.produce(
        Topics.FOLLOWUP_DECISIONS,
        visitor,
        decision(
            visitor,
            DecisionOutcome.RECOVERED,
            DecisionReason.ATTRIBUTED,
            FollowupPlay.FREE_SHIPPING,
            89.0));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(number("hesitations-total")).isGreaterThan(hesitationsBefore);
              assertThat(number("sent-total")).isGreaterThan(sentBefore);
              assertThat(number("recovered-total")).isGreaterThan(recoveredBefore);
              assertThat(text("segment-reasons")).contains("Cart leavers");
              assertThat(text("plays")).contains("FREE_SHIPPING");
              assertThat(text("rates")).contains(Topics.FOLLOWUP_DECISIONS.name());
            });
    assertThat(text("funnel")).contains("HESITATING_BUYER").contains("12");
    assertThat(text("segment-sizes")).contains("Hot prospects").contains("14");
    assertThat(
            js(
                "const d = document.querySelector('#audience .dimension.mismatch');"
                    + " return d ? d.textContent : ''"))
        .asString()
        .contains("age")
        .contains("target: 25-45");
    assertThat(
            js(
                "return document.querySelectorAll('#audience .dimension.mismatch .in-target .target-band')"
                    + ".length"))
        .as("the target's value drawn on the target band")
        .isEqualTo(1L);
    await().atMost(WAIT).until(() -> text("prospects").contains("HESITATING_BUYER"));
    assertThat(js("return document.getElementById('funnel-na').hidden")).isEqualTo(true);

    // A page opened now shows the sampled history at once: the over-time charts have more than one
    // point.
    await().atMost(WAIT).until(() -> labels("segments-chart") > 1 && labels("rates-chart") > 1);
    browser.navigate().refresh();
    await().atMost(WAIT).until(() -> "live".equals(text("status")) && labels("segments-chart") > 1);

    Files.createDirectories(SCREENSHOT.getParent());
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        SCREENSHOT,
        StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(SCREENSHOT)).isPositive();
    assertThat(cspViolations()).isEmpty();
  }

  @Test
  void visitorSuppliedTextIsShownAsTextAndNeverExecuted() {
    String visitor = "v-" + UUID.randomUUID();
    String segment = "xss-" + visitor;
    app.produce(Topics.SEGMENT_CHANGES, visitor, entered(visitor, segment, IMG));
    app.produce(
        Topics.HESITATIONS,
        visitor,
        hesitation(visitor, HesitationStatus.DETECTED, HesitationReason.PRICE));
    app.produce(
        Topics.WEB_EVENTS, visitor, surveyAnswer(visitor, HesitationReason.PRICE, SCRIPT + IMG));

    browser.get(app.url() + "/dashboard");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(text("comments")).contains(SCRIPT + IMG);
              assertThat(text("segment-reasons")).contains(IMG);
              assertThat(text("prospects")).contains(PROSPECT).contains(IMG);
              assertThat(textContent("audience")).contains(IMG).contains(SCRIPT);
              // The forecast section: a segment's name is an operator's text too.
              assertThat(textContent("forecast-segments")).contains(SCRIPT + IMG).contains("48");
              assertThat(textContent("forecast-backtest")).contains("11-02");
              assertThat(text("forecast-model")).contains("purchase-7d").contains("0.0712");
              assertThat(
                      js("return document.querySelectorAll('#forecast-reliability circle').length"))
                  .isEqualTo(2L);
            });

    assertThat(js("return window.__xss === undefined")).as("no payload ran").isEqualTo(true);
    assertThat(js("return document.querySelectorAll('main img, main script').length"))
        .isEqualTo(0L);
    assertThat(cspViolations()).as("nothing inline was even attempted").isEmpty();
  }

  @Test
  void potentialCustomersLeadToTheirProspectPageAndSegmentsAreEditedWithErrorsAtTheirField() {
    app.produce(
        Topics.FOLLOWUP_DECISIONS,
        PROSPECT,
        strategyDecision(PROSPECT, "shipping-first", "free-over-50", IMG));
    browser.get(app.url() + "/dashboard");
    await().atMost(WAIT).until(() -> text("prospects").contains("HESITATING_BUYER"));
    assertThat(displayed("prospect-view")).as("the prospect page only when asked for").isFalse();
    assertThat(js("return document.getElementById('filter-stage').value")).isEqualTo("potential");
    assertThat(app.queryApi().lastProspectsQuery()).contains("stage=HESITATING_BUYER");

    // Prospect page: reached from the table, everything visitor-supplied shown as text.
    js("document.querySelector('#prospects a.prospect-link').click()");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(displayed("prospect-view")).isTrue();
              assertThat(displayed("dashboard-view")).as("one view at a time").isFalse();
              assertThat(text("prospect-id")).isEqualTo(PROSPECT);
              assertThat(text("prospect-facts")).contains(IMG).contains("user-42");
              assertThat(text("prospect-hesitation"))
                  .contains("CART_ABANDONED")
                  .contains("SHIPPING · 80 % confidence")
                  .contains(SCRIPT);
              assertThat(text("prospect-engagement")).contains("PRODUCT_VIEW").contains(SCRIPT);
              assertThat(text("prospect-followups"))
                  .contains("FREE_SHIPPING")
                  .contains("shipping-first v3")
                  .contains("free-over-50")
                  .contains(IMG);
            });
    assertThat(js("return document.querySelectorAll('#prospect-history polyline').length"))
        .as("engagement, fit and influence over time")
        .isEqualTo(3L);
    assertThat(js("return window.__xss === undefined")).isEqualTo(true);
    assertThat(js("return document.querySelectorAll('main img, main script, main b').length"))
        .isEqualTo(0L);

    // Segment editing behind the admin key; the admin API's violation lands at its field.
    js("window.location.hash = ''");
    await().atMost(WAIT).until(() -> displayed("dashboard-view") && !displayed("prospect-view"));
    assertThat(displayed("segments-form")).as("the form opens on demand").isFalse();
    js(
        "document.getElementById('admin-key').value = arguments[0];"
            + " document.getElementById('admin-login').requestSubmit()",
        FakeAdminApi.KEY);
    await().atMost(WAIT).until(() -> displayed("admin-editors"));
    js(
        "document.getElementById('segments-new').click();"
            + " const f = document.getElementById('segments-form');"
            + " f.elements.segmentId.value = 'cart-lovers'; f.elements.name.value = arguments[0];"
            + " f.elements.rule.value = arguments[1]; f.requestSubmit()",
        SCRIPT,
        "{\"all\":[{\"attr\":\"activity.cartAdds\",\"op\":\"gte\",\"value\":3},"
            + "{\"attr\":\"engagment.score\",\"op\":\"gte\",\"value\":10}]}");
    await()
        .atMost(WAIT)
        .until(
            () ->
                js("return document.querySelector('#segments-form [data-error-for=\"rule\"]').innerText")
                    .toString()
                    .contains("rule.all[1].attr: unknown attribute 'engagment.score'"));
    assertThat(
            js(
                "return document.querySelector('#segments-form [data-error-for=\"name\"]').innerText"))
        .isEqualTo("");
    // The match preview: a problem of the query API lands at the rule, as text; then the count.
    app.queryApi()
        .answer(
            "/v1/segments/preview",
            400,
            "application/problem+json",
            "{\"status\":400,\"detail\":\"Fix the listed fields of the request body\","
                + "\"violations\":[{\"field\":\"rule.attr\",\"message\":"
                + json(IMG)
                + "}]}");
    js(
        "const f = document.getElementById('segments-form');"
            + " f.elements.rule.value = arguments[0];"
            + " f.querySelector('[data-preview]').click()",
        "{\"attr\":" + json(IMG) + ",\"op\":\"exists\"}");
    await()
        .atMost(WAIT)
        .until(
            () ->
                js("return document.querySelector('#segments-form [data-error-for=\"rule\"]').innerText")
                    .toString()
                    .contains("rule.attr: " + IMG));
    assertThat(app.queryApi().lastPreviewBody()).contains("\"rule\":{\"attr\":");
    app.queryApi()
        .answer(
            "/v1/segments/preview",
            "{\"profiles\":48000,\"sampled\":6000,\"matched\":1500,\"exact\":false,"
                + "\"estimate\":12000,\"lower\":11480,\"upper\":12530,\"note\":"
                + json(SCRIPT)
                + ",\"coverage\":{\"partitions\":6,\"stale\":[],\"missing\":[]}}");
    js(
        "const f = document.getElementById('segments-form');"
            + " f.elements.rule.value = '{\"attr\":\"activity.cartAdds\",\"op\":\"gte\",\"value\":3}';"
            + " f.querySelector('[data-preview]').click()");
    await().atMost(WAIT).until(() -> text("segments-preview").contains("from a sample of 6"));
    assertThat(
            js(
                "return [document.getElementById('segments-preview').innerText,"
                    + " document.querySelector('#segments-form [data-error-for=\"rule\"]').innerText]"))
        .asList()
        .satisfiesExactly(
            shown ->
                assertThat(shown.toString())
                    .matches(
                        "≈ 12.?000 of 48.?000 profiles match \\(95 %: 11.?480–12.?530\\), from a sample of 6.?000.*")
                    .contains(SCRIPT),
            ruleError -> assertThat(ruleError).isEqualTo(""));
    js(
        "const f = document.getElementById('segments-form');"
            + " f.elements.rule.value = '{\"attr\":\"activity.cartAdds\",\"op\":\"gte\",\"value\":3}';"
            + " f.requestSubmit()");
    await().atMost(WAIT).until(() -> text("segments-list").contains("cart-lovers"));
    assertThat(text("segments-list")).contains(SCRIPT);
    assertThat(app.adminApi().segment("cart-lovers")).containsEntry("enabled", true);

    js(
        "document.querySelector('#segments-list tr[data-id=\"cart-lovers\"] button:nth-child(2)').click()");
    await()
        .atMost(WAIT)
        .until(() -> Boolean.FALSE.equals(app.adminApi().segment("cart-lovers").get("enabled")));
    js(
        "window.confirm = () => true;"
            + " document.querySelector('#segments-list tr[data-id=\"cart-lovers\"] button:nth-child(3)').click()");
    await().atMost(WAIT).until(() -> app.adminApi().segment("cart-lovers") == null);
    await().atMost(WAIT).until(() -> !text("segments-list").contains("cart-lovers"));
    assertThat(js("return window.__xss === undefined")).isEqualTo(true);
    assertThat(cspViolations()).isEmpty();
  }

  /**
   * The element's rendered text, read in one script call: the page re-renders its sections on every
   * poll, so an element found in one WebDriver call may be gone by the next
   * (StaleElementReferenceException).
   */
  private String text(String id) {
    Object text =
        js("const e = document.getElementById(arguments[0]); return e ? e.innerText : null", id);
    assertThat(text).as("element #%s on the page", id).isNotNull();
    return (String) text;
  }

  /** Whether the element takes up space on the page (not hidden by itself or a parent). */
  private boolean displayed(String id) {
    return Boolean.TRUE.equals(
        js(
            "const e = document.getElementById(arguments[0]); return !!e && e.getClientRects().length > 0",
            id));
  }

  /** Text of SVG charts too (innerText leaves out what a chart draws). */
  private String textContent(String id) {
    Object text =
        js("const e = document.getElementById(arguments[0]); return e ? e.textContent : null", id);
    assertThat(text).as("element #%s on the page", id).isNotNull();
    return (String) text;
  }

  private long number(String id) {
    return Long.parseLong(text(id).replaceAll("[^0-9]", ""));
  }

  private long labels(String canvasId) {
    Object count =
        js(
            "const c = Chart.getChart(document.getElementById(arguments[0]));"
                + " return c ? c.data.labels.length : 0",
            canvasId);
    return ((Number) count).longValue();
  }

  /** A JSON string literal of {@code text}. */
  private static String json(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private List<String> cspViolations() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::getMessage)
        .filter(m -> m.contains("Content Security Policy"))
        .toList();
  }
}
