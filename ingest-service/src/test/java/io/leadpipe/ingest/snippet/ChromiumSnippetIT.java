package io.leadpipe.ingest.snippet;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.ingest.testing.Chromium;
import io.leadpipe.ingest.testing.IngestApp;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Given the demo shop served by ingest with the snippet in real headless Chromium, when a visitor
 * arrives through a shared link, views a product, adds it to the cart and shares it, then those
 * events arrive on leadpipe.web-events under the visitor's anonymous id, with the sharer's code on
 * the arrival.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class ChromiumSnippetIT {

  private static final Duration WAIT = Duration.ofSeconds(45);
  private static KafkaTestEnvironment env;
  private static IngestApp app;
  private static Chromium chromium;
  private ChromeDriver browser;

  @BeforeAll
  static void start(KafkaTestEnvironment environment) {
    env = environment;
    // The demo shop's pages are off unless asked for (LEADPIPE_DEMO_SHOP, as local-stack sets it).
    app = IngestApp.start(env, Map.of("micronaut.router.static-resources.demo.enabled", true));
  }

  @BeforeAll
  static void openBrowser() throws IOException {
    chromium = Chromium.start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @BeforeEach
  void newVisitor() {
    // Any page of ingest's origin without the snippet will do to clear the site's storage.
    chromium.newVisitor(app.server().getURL() + "/health");
    browser = chromium.driver();
  }

  @Test
  void browsingAProductAndAddingItToTheCartArriveOnWebEvents() {
    browser.get(app.server().getURL() + "/demo/shop.html?ref=friend-42");
    String visitor = (String) js("return leadpipe.anonymousId()");

    browser.findElement(By.id("view-tent-2p")).click();
    browser.findElement(By.id("add-tent-2p")).click();
    browser.findElement(By.id("share-tent-2p")).click();
    String ownCode = (String) js("return leadpipe.referralCode()");

    List<WebEvent> events =
        eventsOf(
            visitor,
            List.of(
                WebEventType.PAGE_VIEW,
                WebEventType.PRODUCT_VIEW,
                WebEventType.CART_ADD,
                WebEventType.PRODUCT_SHARED));
    WebEvent arrival = first(events, WebEventType.PAGE_VIEW);
    WebEvent viewed = first(events, WebEventType.PRODUCT_VIEW);
    WebEvent added = first(events, WebEventType.CART_ADD);
    WebEvent shared = first(events, WebEventType.PRODUCT_SHARED);
    assertThat(arrival.getReferralCode()).isEqualTo("friend-42");
    assertThat(arrival.getContext().getPagePath()).isEqualTo("/demo/shop.html");
    assertThat(arrival.getContext().getLibrary()).isEqualTo("leadpipe.js/1.1.0");
    assertThat(arrival.getSource()).isEqualTo("demo-shop");
    assertThat(viewed.getProduct().getProductId()).isEqualTo("tent-2p");
    assertThat(viewed.getProduct().getPrice()).isEqualTo(249.0);
    assertThat(added.getProduct().getQuantity()).isEqualTo(1);
    assertThat(added.getContext().getDevice()).isNotNull();
    assertThat(shared.getReferralCode()).isEqualTo(ownCode);
    assertThat(js("return document.getElementById('share-link').innerText"))
        .asString()
        .contains("ref=" + ownCode);
    // One visitor's events keep their order (one key, one partition).
    assertThat(
            events.stream()
                .map(WebEvent::getType)
                .filter(t -> t != WebEventType.PAGE_VIEW)
                .toList())
        .containsSubsequence(
            WebEventType.PRODUCT_VIEW, WebEventType.CART_ADD, WebEventType.PRODUCT_SHARED);
  }

  @Test
  void theAnonymousIdSurvivesAReloadAndTheConsentSwitchStopsSending() {
    browser.get(app.server().getURL() + "/demo/shop.html");
    String visitor = (String) js("return leadpipe.anonymousId()");
    browser.navigate().refresh();
    assertThat(js("return leadpipe.anonymousId()")).isEqualTo(visitor);
    assertThat(browser.manage().getCookieNamed("lp_aid").getValue()).isEqualTo(visitor);

    browser.findElement(By.id("consent-off")).click();
    browser.findElement(By.id("add-boots-m")).click();
    assertThat(js("return [leadpipe.queued(), leadpipe.consentStatus()]"))
        .isEqualTo(List.of(0L, "denied"));

    // Proof on Kafka, not only in the page: with consent back, a product view arrives; the queue is
    // sent in order, so the cart add made while denied would have arrived before it.
    browser.findElement(By.id("consent-on")).click();
    browser.findElement(By.id("view-tent-2p")).click();
    eventsOf(visitor, List.of(WebEventType.PAGE_VIEW, WebEventType.PRODUCT_VIEW));
    assertThat(
            env
                .consumeToEnd(
                    Topics.WEB_EVENTS.name(),
                    IngestApp.keys(),
                    app.deserializer(Topics.WEB_EVENTS),
                    WAIT)
                .stream()
                .filter(r -> visitor.equals(r.key()))
                .map(r -> r.value().getType()))
        .doesNotContain(WebEventType.CART_ADD);
  }

  @Test
  void eventsQueuedWhenThePageIsLeftAreSentByBeacon() {
    browser.get(app.server().getURL() + "/demo/shop.html");
    String visitor = (String) js("return leadpipe.anonymousId()");
    // Queue an event without flushing, then leave the page: pagehide sends it with sendBeacon.
    js("leadpipe.track('Size Guide Viewed', {product_id: 'boots-m'}); return leadpipe.queued()");
    browser.get("about:blank");

    List<WebEvent> events = eventsOf(visitor, List.of(WebEventType.SIZE_GUIDE_VIEWED));
    assertThat(first(events, WebEventType.SIZE_GUIDE_VIEWED).getProduct().getProductId())
        .isEqualTo("boots-m");
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private static List<WebEvent> eventsOf(String visitor, List<WebEventType> expected) {
    List<ConsumerRecord<String, WebEvent>> records =
        env.consumeUntil(
            Topics.WEB_EVENTS.name(),
            IngestApp.keys(),
            app.deserializer(Topics.WEB_EVENTS),
            rs ->
                rs.stream()
                    .filter(r -> visitor.equals(r.key()))
                    .map(r -> r.value().getType())
                    .toList()
                    .containsAll(expected),
            WAIT);
    return records.stream()
        .filter(r -> visitor.equals(r.key()))
        .map(ConsumerRecord::value)
        .toList();
  }

  private static WebEvent first(List<WebEvent> events, WebEventType type) {
    return events.stream().filter(e -> e.getType() == type).findFirst().orElseThrow();
  }
}
