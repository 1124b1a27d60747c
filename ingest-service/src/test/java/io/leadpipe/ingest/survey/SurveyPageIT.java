package io.leadpipe.ingest.survey;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.ingest.testing.Chromium;
import io.leadpipe.ingest.testing.IngestApp;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.service.survey.SurveyTicket;
import io.leadpipe.service.survey.SurveyTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The hosted survey in real headless Chromium with JavaScript switched off (the page must not need
 * it), against the real ingest and broker: a visitor answers in their language, changes their
 * answer, and each answer arrives on leadpipe.web-events as their feedback; closed and forged links
 * get friendly pages; answers posted from elsewhere are refused and never reach Kafka.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class SurveyPageIT {

  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final String KEY = "survey-key-for-the-integration-test";
  private static final SurveyTokens TOKENS = new SurveyTokens(KEY);

  private static KafkaTestEnvironment env;
  private static IngestApp app;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private Chromium chromium;
  private ChromeDriver browser;

  @BeforeAll
  static void start(KafkaTestEnvironment environment) {
    env = environment;
    // The page posts to its own origin; on localhost with a random port that origin is in no CORS
    // list, and Micronaut refuses such requests to protect local servers from drive-by pages.
    app =
        IngestApp.start(
            env,
            Map.of(
                "leadpipe.survey.signing-key",
                KEY,
                "micronaut.server.cors.localhost-pass-through",
                true));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @BeforeEach
  void openBrowser() throws Exception {
    chromium =
        Chromium.start(
            options -> {
              options.addArguments("--lang=en-US");
              // No JavaScript at all: the survey must work with one click in any mail client's
              // browser.
              options.setExperimentalOption(
                  "prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
            });
    browser = chromium.driver();
  }

  @AfterEach
  void closeBrowser() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void a_visitor_answers_in_german_changes_the_answer_and_both_arrive_as_feedback() {
    SurveyTicket ticket = ticket(null, "de-AT", Instant.now().plus(Duration.ofDays(7)));
    browser.get(link(ticket));

    assertThat(mainText())
        .contains("Was hat Sie davon abgehalten, Ihre Bestellung abzuschließen?")
        .contains("Der Preis", "Die Versandkosten", "Ich habe woanders gekauft");

    assertThat(follow(By.cssSelector("button[value=PRICE]")))
        .contains("Vielen Dank!", "Ihre Antwort: Der Preis");

    browser.findElement(By.id("comment")).sendKeys("Zu teuer <b>für</b> mich");
    assertThat(follow(By.cssSelector("button[value=SHIPPING]")))
        .contains("Ihre Antwort: Die Versandkosten");

    List<WebEvent> answers = feedbackOf(ticket.visitorId(), 2);
    assertThat(answers)
        .extracting(e -> e.getFeedback().getStatedReason())
        .containsExactly(HesitationReason.PRICE, HesitationReason.SHIPPING);
    WebEvent changed = answers.get(1);
    assertThat(changed.getFeedback().getFollowupId()).isEqualTo(ticket.triggerId());
    assertThat(changed.getFeedback().getComment()).isEqualTo("Zu teuer <b>für</b> mich");
    assertThat(changed.getFeedback().getQuestion())
        .isEqualTo("Was hat Sie davon abgehalten, Ihre Bestellung abzuschließen?");
    assertThat(changed.getSource()).isEqualTo(SurveyAnswers.SOURCE);
    assertThat(changed.getAnonymousId()).isEqualTo(ticket.visitorId());
    assertThat(changed.getMessageId()).isNotEqualTo(answers.get(0).getMessageId());
  }

  @Test
  void a_known_visitor_answers_in_hungarian_and_switches_to_english() {
    String userId = "user-" + UUID.randomUUID();
    SurveyTicket ticket =
        new SurveyTicket(
            "trigger-" + UUID.randomUUID(),
            userId,
            userId,
            "hesitation-1",
            "hu",
            Instant.now().plus(Duration.ofDays(7)));
    browser.get(link(ticket));
    assertThat(mainText()).contains("Mi tartotta vissza a rendelés befejezésétől?", "Az ár");

    assertThat(follow(By.linkText("English")))
        .contains("What kept you from completing your order?");

    assertThat(follow(By.cssSelector("button[value=REVIEWS]")))
        .contains("Thank you!", "Your answer: Reviews, what others say");
    WebEvent answer = feedbackOf(userId, 1).get(0);
    assertThat(answer.getUserId()).isEqualTo(userId);
    assertThat(answer.getFeedback().getStatedReason()).isEqualTo(HesitationReason.REVIEWS);
  }

  @Test
  void the_browser_language_chooses_when_the_profile_has_none() throws Exception {
    SurveyTicket ticket = ticket(null, null, Instant.now().plus(Duration.ofDays(1)));

    HttpResponse<String> page = get(link(ticket), "hu-HU,hu;q=0.9,en;q=0.5");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<html lang=\"hu\"", "Miért nem rendelt?");
    assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void a_closed_link_and_a_forged_one_get_friendly_pages_and_are_counted() throws Exception {
    SurveyTicket expired = ticket(null, "en", Instant.now().minus(Duration.ofMinutes(1)));
    String token = TOKENS.seal(ticket(null, "en", Instant.now().plus(Duration.ofDays(1))));
    // A character in the middle: each carries six whole bits, where the last one of base64 text may
    // carry padding bits a decoder ignores (so changing only the end could leave the token valid).
    int middle = token.length() / 2;
    String forged =
        token.substring(0, middle)
            + (token.charAt(middle) == 'A' ? 'B' : 'A')
            + token.substring(middle + 1);

    browser.get(link(expired));
    assertThat(mainText()).contains("This survey has closed");
    assertThat(browser.findElements(By.tagName("button"))).isEmpty();
    browser.get(app.server().getURL() + "/survey/" + forged);
    assertThat(mainText()).contains("This link is not valid");

    assertThat(get(link(expired), "de").statusCode()).isEqualTo(410);
    HttpResponse<String> invalid = get(app.server().getURL() + "/survey/" + forged, "de");
    assertThat(invalid.statusCode()).isEqualTo(404);
    assertThat(invalid.body()).contains("Dieser Link ist ungültig");
    assertThat(get(app.server().getURL() + "/survey/%3Cscript%3E", "en").body())
        .doesNotContain("<script>");
    String metrics = get(app.server().getURL() + "/prometheus", "en").body();
    assertThat(metrics).contains("leadpipe_survey_links_refused_total{reason=\"expired\"}");
    assertThat(metrics).contains("leadpipe_survey_links_refused_total{reason=\"forged\"}");
  }

  @Test
  void answers_posted_without_the_page_or_from_another_site_are_refused_and_never_sent()
      throws Exception {
    SurveyTicket ticket = ticket(null, "en", Instant.now().plus(Duration.ofDays(1)));
    String link = link(ticket);
    String proof = proofOn(get(link, "en").body());

    HttpResponse<String> noProof = post(link, "reason=PRICE", Map.of());
    HttpResponse<String> crossSite =
        post(link, "reason=PRICE&proof=" + enc(proof), Map.of("Sec-Fetch-Site", "cross-site"));
    HttpResponse<String> unknownAnswer =
        post(link, "reason=CHEAPER_ELSEWHERE&proof=" + enc(proof), Map.of());
    HttpResponse<String> accepted =
        post(link, "reason=QUALITY&proof=" + enc(proof), Map.of("Sec-Fetch-Site", "same-origin"));

    assertThat(noProof.statusCode()).isEqualTo(403);
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(unknownAnswer.statusCode()).isEqualTo(400);
    assertThat(unknownAnswer.body()).contains("Please pick one of the answers.");
    assertThat(accepted.statusCode()).isEqualTo(303);
    assertThat(accepted.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("lang=en&answered=QUALITY"));
    // Kafka keeps one visitor's records in order: the accepted answer is the only one.
    assertThat(feedbackOf(ticket.visitorId(), 1))
        .singleElement()
        .satisfies(
            e -> assertThat(e.getFeedback().getStatedReason()).isEqualTo(HesitationReason.QUALITY));
  }

  private static SurveyTicket ticket(String userId, String locale, Instant expiresAt) {
    return new SurveyTicket(
        "trigger-" + UUID.randomUUID(),
        "visitor-" + UUID.randomUUID(),
        userId,
        "hesitation-" + UUID.randomUUID(),
        locale,
        expiresAt);
  }

  private static String link(SurveyTicket ticket) {
    return app.server().getURL() + "/survey/" + TOKENS.seal(ticket);
  }

  /**
   * Clicks a button or link and waits for the page it leads to (always at another address: a
   * language switch or a new answer) to replace this one. Waiting for the old element to go stale
   * raced: Chromium answers a read that lands while the next page commits with "Node with given id
   * does not belong to the document" instead of a stale element, so such reads are retried.
   */
  private String follow(By target) {
    String from = browser.getCurrentUrl();
    browser.findElement(target).click();
    new WebDriverWait(browser, WAIT)
        .ignoring(WebDriverException.class)
        .until(
            d -> !from.equals(d.getCurrentUrl()) && !d.findElements(By.tagName("main")).isEmpty());
    return mainText();
  }

  /** The page's visible text, read in one call (the page is static, nothing re-renders it). */
  private String mainText() {
    List<WebElement> main = browser.findElements(By.tagName("main"));
    assertThat(main)
        .as("a survey page at %s, not: %s", browser.getCurrentUrl(), browser.getPageSource())
        .hasSize(1);
    return main.get(0).getText();
  }

  private HttpResponse<String> get(String url, String acceptLanguage) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).header("Accept-Language", acceptLanguage).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String form, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String proofOn(String page) {
    Matcher m = Pattern.compile("name=\"proof\" value=\"([^\"]+)\"").matcher(page);
    assertThat(m.find()).as("the page carries its form proof").isTrue();
    return m.group(1);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The visitor's feedback events, once {@code count} arrived; read to the end, so none more. */
  private static List<WebEvent> feedbackOf(String visitor, int count) {
    env.consumeUntil(
        Topics.WEB_EVENTS.name(),
        IngestApp.keys(),
        app.deserializer(Topics.WEB_EVENTS),
        rs -> feedback(rs, visitor).size() >= count,
        WAIT);
    return feedback(
        env.consumeToEnd(
            Topics.WEB_EVENTS.name(), IngestApp.keys(), app.deserializer(Topics.WEB_EVENTS), WAIT),
        visitor);
  }

  private static List<WebEvent> feedback(
      List<ConsumerRecord<String, WebEvent>> records, String visitor) {
    return records.stream()
        .filter(r -> visitor.equals(r.key()))
        .map(ConsumerRecord::value)
        .filter(e -> e.getType() == WebEventType.FEEDBACK_ANSWER)
        .toList();
  }
}
