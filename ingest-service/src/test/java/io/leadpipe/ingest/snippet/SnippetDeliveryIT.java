package io.leadpipe.ingest.snippet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.ingest.snippet.IngestProxy.Batch;
import io.leadpipe.ingest.snippet.IngestProxy.Failure;
import io.leadpipe.ingest.testing.Chromium;
import io.leadpipe.ingest.testing.IngestApp;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.identity.IdentityKind;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The snippet's delivery promises in real headless Chromium against the real ingest and broker:
 * events of every tab reach Kafka once the network is back, the consent switch stops every tab,
 * refused events are dropped alone, failed batches are retried (honouring Retry-After) and
 * oversized ones split, and a page written for Segment's {@code analytics.*} keeps working. Pages
 * and calls go through {@link IngestProxy}, which fails requests on purpose where a test asks it
 * to.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class SnippetDeliveryIT {

  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final ObjectMapper JSON = new ObjectMapper();
  // No periodic flush: the test decides when a batch goes (leadpipe.flush()), so it knows what a
  // batch holds.
  private static final String BY_HAND = "&flush-ms=3600000&auto-page=false";
  // Ingest's batch limit here: the other tests' batches (up to five ~650-byte events) fit, the
  // split
  // test's twenty do not. One ingest for all, as another costs seconds to start.
  private static final int SMALL_BATCH_BYTES = 6000;

  private static KafkaTestEnvironment env;
  private static IngestApp app;
  private static IngestProxy proxy;
  private static Chromium chromium;

  @BeforeAll
  static void start(KafkaTestEnvironment environment) {
    env = environment;
    app = IngestApp.start(env, Map.of("leadpipe.ingest.limits.max-batch-bytes", SMALL_BATCH_BYTES));
    proxy = IngestProxy.start(ingest(app));
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
    if (proxy != null) {
      proxy.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @BeforeEach
  void newVisitor() {
    chromium.newVisitor(proxy.origin() + "/pages/blank.html");
    proxy.reset(ingest(app));
  }

  @Test
  void eventsQueuedOfflineInTwoTabsAllReachKafkaWhenTheNetworkIsBack() {
    String first = chromium.open(page("tracker.html", "&flush-ms=500&auto-page=false"));
    String visitor = (String) chromium.js("return leadpipe.anonymousId()");
    String second = chromium.openInNewTab(page("tracker.html", "&flush-ms=500&auto-page=false"));
    chromium.offline(first, true);
    chromium.offline(second, true);

    chromium.switchTo(first);
    assertThat(
            chromium.js(
                "leadpipe.track('Offline First 1'); leadpipe.track('Offline First 2');"
                    + " return [navigator.onLine, leadpipe.queued()]"))
        .isEqualTo(List.of(false, 2L));
    chromium.switchTo(second);
    assertThat(
            chromium.js(
                "leadpipe.track('Offline Second 1'); leadpipe.track('Offline Second 2');"
                    + " return [navigator.onLine, leadpipe.queued()]"))
        .isEqualTo(List.of(false, 2L));
    // Both queues are in storage before the first tab goes: each tab under its own key.
    Awaitility.await("both tabs' queues stored")
        .atMost(WAIT)
        .until(
            () ->
                List.of(2L, 2L)
                    .equals(
                        chromium.js(
                            "return Object.keys(localStorage).filter(k => k.startsWith('lp_q.'))"
                                + ".map(k => JSON.parse(localStorage.getItem(k)).length)")));

    // The first tab closes while offline: its events are left for the second to send.
    chromium.close(first, second);
    chromium.offline(second, false);

    List<String> names =
        List.of("Offline First 1", "Offline First 2", "Offline Second 1", "Offline Second 2");
    List<WebEvent> events = webEventsOf(visitor, names);
    assertThat(events.stream().map(e -> e.getName().toString()).toList())
        .containsSubsequence("Offline First 1", "Offline First 2")
        .containsSubsequence("Offline Second 1", "Offline Second 2");
    Awaitility.await("the second tab's queue is empty")
        .atMost(WAIT)
        .until(() -> Long.valueOf(0).equals(chromium.stats().get("queued")));
    // Each event under one messageId: a copy (a beacon sent as the tab closed, then resent by the
    // tab that adopted its queue) is one consumers drop. The adopted queue left storage.
    Map<String, Set<String>> idsByName =
        allWebEventsOf(visitor).stream()
            .collect(
                Collectors.groupingBy(
                    e -> e.getName().toString(),
                    Collectors.mapping(e -> e.getMessageId().toString(), Collectors.toSet())));
    assertThat(idsByName.keySet()).containsExactlyInAnyOrderElementsOf(names);
    assertThat(idsByName.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    assertThat(chromium.js("return Object.keys(localStorage).filter(k => k.startsWith('lp_q.'))"))
        .asList()
        .hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void aFullQueueDropsItsOldestEventsCountsThemAndSendsTheRestInOrder() {
    String tab = chromium.open(page("tracker.html", "&flush-ms=500&auto-page=false&queue-size=3"));
    String visitor = (String) chromium.js("return leadpipe.anonymousId()");
    chromium.offline(tab, true);

    assertThat(
            chromium.js(
                "for (var i = 1; i <= 5; i++) { leadpipe.track('Queued ' + i); }"
                    + " var s = leadpipe.stats(); return [s.queued, s.dropped, s.droppedEver]"))
        .isEqualTo(List.of(3L, 2L, 2L));
    chromium.offline(tab, false);

    List<String> kept = List.of("Queued 3", "Queued 4", "Queued 5");
    assertThat(names(webEventsOf(visitor, kept))).containsExactlyElementsOf(kept);
    awaitState("the queue sent", "leadpipe.queued()", 0L);
    assertThat(names(allWebEventsOf(visitor))).containsExactlyElementsOf(kept);
  }

  @Test
  void eventsLeftInTheQueueOfSnippet10AreSentAfterTheUpgrade() {
    // Snippet 1.0 kept one queue for all tabs under lp_queue; a visitor may have left events there.
    String visitor = java.util.UUID.randomUUID().toString();
    String messageId = java.util.UUID.randomUUID().toString();
    chromium.js(
        "localStorage.setItem('lp_queue', JSON.stringify([{type: 'track', event: 'Left By 1.0',"
            + " properties: {}, messageId: '"
            + messageId
            + "', anonymousId: '"
            + visitor
            + "', timestamp: new Date().toISOString(), context: {library: {name: 'leadpipe.js',"
            + " version: '1.0.0'}}}]))");

    chromium.open(page("tracker.html", "&flush-ms=500&auto-page=false"));

    WebEvent left = webEventsOf(visitor, List.of("Left By 1.0")).get(0);
    assertThat(left.getMessageId().toString()).isEqualTo(messageId);
    awaitState("the old queue gone", "localStorage.getItem('lp_queue')", null);
  }

  @Test
  void theConsentSwitchStopsSendingInEveryTabAndNothingReachesKafka() {
    String first = chromium.open(page("tracker.html", BY_HAND));
    String visitor = (String) chromium.js("return leadpipe.anonymousId()");
    String second = chromium.openInNewTab(page("tracker.html", BY_HAND));
    // Offline, so that leaving the tab (visibility hidden sends the queue) cannot send it yet.
    chromium.offline(second, true);
    assertThat(chromium.js("leadpipe.track('Queued In Second'); return leadpipe.queued()"))
        .isEqualTo(1L);

    chromium.switchTo(first);
    assertThat(
            chromium.js(
                "leadpipe.track('Queued Before Switch'); leadpipe.consent(false);"
                    + " leadpipe.track('Tracked While Denied');"
                    + " return [leadpipe.queued(), leadpipe.consentStatus()]"))
        .isEqualTo(List.of(0L, "denied"));
    // The other tab hears of the switch (storage event) and forgets its queue too.
    chromium.switchTo(second);
    awaitState(
        "the second tab denied and emptied",
        "[leadpipe.consentStatus(), leadpipe.queued()]",
        List.of("denied", 0L));
    assertThat(
            chromium.js("leadpipe.track('Tracked While Denied Second'); return leadpipe.queued()"))
        .isEqualTo(0L);
    chromium.offline(second, false);

    // Consent back: what each tab tracks now is sent, after anything it might still have held.
    chromium.switchTo(first);
    chromium.js("leadpipe.consent(true); leadpipe.track('After Consent First'); leadpipe.flush()");
    chromium.switchTo(second);
    awaitState("the second tab granted", "leadpipe.consentStatus()", "granted");
    chromium.js("leadpipe.track('After Consent Second'); leadpipe.flush()");
    webEventsOf(visitor, List.of("After Consent First", "After Consent Second"));
    Awaitility.await("the second tab's queue is empty")
        .atMost(WAIT)
        .until(() -> Long.valueOf(0).equals(chromium.stats().get("queued")));

    assertThat(names(allWebEventsOf(visitor)))
        .containsExactlyInAnyOrder("After Consent First", "After Consent Second");
    assertThat(proxy.batches())
        .noneMatch(b -> b.body().contains("Denied") || b.body().contains("Queued"));
  }

  @Test
  void aRefusedEventIsDroppedAloneAndTheRestOfItsBatchIsDelivered() throws IOException {
    chromium.open(page("tracker.html", BY_HAND));
    String visitor = (String) chromium.js("return leadpipe.anonymousId()");

    // One batch: two good events around a feedback answer with a reason ingest does not know.
    chromium.js(
        "leadpipe.track('Good Before'); leadpipe.feedback('NOT_A_REASON');"
            + " leadpipe.track('Good After'); leadpipe.flush()");
    webEventsOf(visitor, List.of("Good Before", "Good After"));
    awaitState(
        "the batch done",
        "[leadpipe.queued(), leadpipe.stats().rejected, leadpipe.stats().sent]",
        List.of(0L, 1L, 2L));
    Batch mixed = single(proxy.batchesWith("Good Before"));
    assertThat(mixed.status()).isEqualTo(200);
    String refusedId = messageIdOf(mixed, "Feedback Submitted");
    deadLetter(refusedId);

    // A batch of nothing but a refused event is answered 403 (a purchase from a browser key):
    // dropped,
    // never resent, and the queue goes on.
    chromium.js(
        "leadpipe.track('Order Completed', {order_id: 'o-1', revenue: 10}); leadpipe.flush()");
    awaitState(
        "the purchase dropped",
        "[leadpipe.queued(), leadpipe.stats().rejected, leadpipe.stats().lastStatus]",
        List.of(0L, 2L, 403L));
    chromium.js("leadpipe.track('Good Later'); leadpipe.flush()");
    webEventsOf(visitor, List.of("Good Later"));
    assertThat(single(proxy.batchesWith("Order Completed")).status()).isEqualTo(403);
    assertThat(names(allWebEventsOf(visitor)))
        .containsExactlyInAnyOrder("Good Before", "Good After", "Good Later");
  }

  @Test
  void aFailedBatchIsRetriedAfterRetryAfterAndStoredOncePerMessageId() throws IOException {
    chromium.open(page("tracker.html", BY_HAND));
    String visitor = (String) chromium.js("return leadpipe.anonymousId()");
    proxy.failNextBatch(new Failure(429, Map.of("Retry-After", "1"), false));
    proxy.failNextBatch(new Failure(503, Map.of("Retry-After", "1"), false));

    chromium.js("leadpipe.track('Retried'); leadpipe.flush()");
    webEventsOf(visitor, List.of("Retried"));
    List<Batch> attempts = proxy.batchesWith("Retried");
    assertThat(attempts).extracting(Batch::status).containsExactly(429, 503, 200);
    assertThat(attempts.stream().map(b -> messageIdOf(b, "Retried")).distinct()).hasSize(1);
    for (int i = 1; i < attempts.size(); i++) {
      assertThat(Duration.between(attempts.get(i - 1).at(), attempts.get(i).at()))
          .as("Retry-After: 1 honoured")
          .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    // Ingest stored the events, but the answer was lost (a 502 on the way back): the retry carries
    // the same messageId, so consumers keep one of the two copies.
    proxy.failNextBatch(new Failure(502, Map.of(), true));
    chromium.js("leadpipe.track('Answer Lost'); leadpipe.flush()");
    awaitState(
        "the retry done", "[leadpipe.queued(), leadpipe.stats().lastStatus]", List.of(0L, 200L));
    List<Batch> lost = proxy.batchesWith("Answer Lost");
    assertThat(lost).extracting(Batch::status).containsExactly(502, 200);
    String lostId = messageIdOf(lost.get(0), "Answer Lost");
    assertThat(messageIdOf(lost.get(1), "Answer Lost")).isEqualTo(lostId);

    List<WebEvent> stored = allWebEventsOf(visitor);
    assertThat(stored.stream().filter(e -> e.getName().toString().equals("Retried"))).hasSize(1);
    assertThat(
            stored.stream()
                .filter(e -> e.getName().toString().equals("Answer Lost"))
                .map(e -> e.getMessageId().toString()))
        .containsExactly(lostId, lostId);
  }

  @Test
  void aRefusedWriteKeyStopsSendingAndKeepsTheQueue() {
    chromium.open(page("tracker.html", BY_HAND));
    proxy.failNextBatch(
        new Failure(401, Map.of("WWW-Authenticate", "Basic realm=\"leadpipe\""), false));

    chromium.js("leadpipe.track('Kept'); leadpipe.flush()");
    awaitState(
        "stopped by the 401", "[leadpipe.stats().stopped, leadpipe.queued()]", List.of(true, 1L));
    assertThat(
            chromium.js(
                "var before = leadpipe.stats().requests; leadpipe.track('Kept Too'); leadpipe.flush();"
                    + " return [before, leadpipe.stats().requests, leadpipe.queued()]"))
        .isEqualTo(List.of(1L, 1L, 2L));
    assertThat(proxy.batchesWith("Kept")).hasSize(1);
  }

  @Test
  void aBatchTooLargeForIngestIsSplitUntilItFits() throws IOException {
    chromium.open(page("tracker.html", BY_HAND + "&batch-size=50"));
    String visitor = (String) chromium.js("return leadpipe.anonymousId()");

    chromium.js(
        "for (var i = 0; i < 20; i++) { leadpipe.track('Split ' + i, {i: i}); } leadpipe.flush()");
    List<String> names = IntStream.range(0, 20).mapToObj(i -> "Split " + i).toList();
    List<WebEvent> events = webEventsOf(visitor, names);

    assertThat(names(events)).containsExactlyElementsOf(names);
    List<Batch> batches = proxy.batchesWith("Split ");
    assertThat(batches.get(0).status()).isEqualTo(413);
    List<String> delivered = new ArrayList<>();
    for (Batch b : batches.stream().filter(b -> b.status() == 200).toList()) {
      assertThat(b.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(SMALL_BATCH_BYTES);
      JSON.readTree(b.body()).get("batch").forEach(e -> delivered.add(e.get("event").asText()));
    }
    assertThat(delivered).containsExactlyElementsOf(names);
  }

  @Test
  void aPageInstrumentedForSegmentKeepsWorking() {
    chromium.open(page("segment.html", ""));
    String anonymous = (String) chromium.js("return analytics.user().anonymousId()");

    // The stub's queued page, track and identify ran once loaded; now the loaded names.
    chromium.js(
        "window.calledBack = false; window.readyRan = false;"
            + " analytics.track('After Load', {plan: 'pro'}, {}, function () { window.calledBack = true; });"
            + " analytics.alias('u-stub-new');"
            + " analytics.ready(function () { window.readyRan = true; });");
    awaitState("callbacks ran", "[window.calledBack, window.readyRan]", List.of(true, true));
    chromium.js("analytics.reset(); analytics.track('After Reset'); leadpipe.flush()");
    String afterReset = (String) chromium.js("return analytics.user().anonymousId()");
    assertThat(afterReset).isNotEqualTo(anonymous);

    List<WebEvent> before = webEventsOf(anonymous, List.of("Stub Tracked"));
    assertThat(before.stream().filter(e -> e.getType() == WebEventType.PAGE_VIEW))
        .as("the stub's page call, and no automatic second one")
        .hasSize(1);
    webEventsOf("u-stub", List.of("After Load"));
    webEventsOf(afterReset, List.of("After Reset"));
    List<IdentityEvent> identities = identitiesOf("u-stub-new", IdentityKind.ALIAS);
    assertThat(identities.get(0).getPreviousId().toString()).isEqualTo("u-stub");
    assertThat(identitiesOf("u-stub", IdentityKind.IDENTIFY).get(0).getAnonymousId().toString())
        .isEqualTo(anonymous);
  }

  /**
   * Group and screen calls leave the snippet as Segment's {@code group}/{@code screen} in a batch.
   * Whether ingest stores them depends on its support for those types, so only the request is
   * checked here, and that the snippet does not resend what ingest answered.
   */
  @Test
  void groupAndScreenCallsAreSentAsSegmentGroupAndScreenRequests() throws IOException {
    chromium.open(page("tracker.html", BY_HAND));
    chromium.js(
        "analytics.group('acme-inc', {name: 'Acme'}); analytics.screen('Home', {tab: 'feed'});"
            + " leadpipe.flush()");
    awaitState("answered", "leadpipe.queued()", 0L);

    Batch batch = single(proxy.batchesWith("acme-inc"));
    JsonNode events = JSON.readTree(batch.body()).get("batch");
    assertThat(events).hasSize(2);
    JsonNode group = events.get(0);
    JsonNode screen = events.get(1);
    assertThat(group.get("type").asText()).isEqualTo("group");
    assertThat(group.get("groupId").asText()).isEqualTo("acme-inc");
    assertThat(group.get("traits").get("name").asText()).isEqualTo("Acme");
    assertThat(screen.get("type").asText()).isEqualTo("screen");
    assertThat(screen.get("name").asText()).isEqualTo("Home");
    assertThat(screen.get("properties").get("tab").asText()).isEqualTo("feed");
    for (JsonNode e : events) {
      assertThat(e.get("messageId").asText()).isNotBlank();
      assertThat(e.get("anonymousId").asText()).isNotBlank();
    }
  }

  // --- helpers
  // -------------------------------------------------------------------------------------

  private static String page(String name, String options) {
    return proxy.origin()
        + "/pages/"
        + name
        + "?write-key="
        + IngestApp.BROWSER_WRITE_KEY
        + options;
  }

  private static URI ingest(IngestApp ingest) {
    try {
      return ingest.server().getURL().toURI();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitState(String what, String expression, Object expected) {
    Awaitility.await(what)
        .atMost(WAIT)
        .until(() -> java.util.Objects.equals(expected, chromium.js("return " + expression)));
  }

  private static <T> T single(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  private static String messageIdOf(Batch batch, String eventName) {
    try {
      for (JsonNode e : JSON.readTree(batch.body()).get("batch")) {
        if (eventName.equals(e.path("event").asText())) {
          return e.get("messageId").asText();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError(eventName + " is not in " + batch.body());
  }

  private static List<String> names(List<WebEvent> events) {
    return events.stream().map(e -> e.getName().toString()).toList();
  }

  /** The visitor's web events, once every one of {@code names} arrived. */
  private static List<WebEvent> webEventsOf(String visitor, List<String> names) {
    return valuesOf(
        Topics.WEB_EVENTS.name(),
        app.deserializer(Topics.WEB_EVENTS),
        visitor,
        events -> names(events).containsAll(names));
  }

  /** Every web event of the visitor on the topic now (read to its end, nothing awaited). */
  private static List<WebEvent> allWebEventsOf(String visitor) {
    return env
        .consumeToEnd(
            Topics.WEB_EVENTS.name(), IngestApp.keys(), app.deserializer(Topics.WEB_EVENTS), WAIT)
        .stream()
        .filter(r -> visitor.equals(r.key()))
        .map(ConsumerRecord::value)
        .toList();
  }

  private static List<IdentityEvent> identitiesOf(String visitor, IdentityKind kind) {
    return valuesOf(
            Topics.IDENTITIES.name(),
            app.deserializer(Topics.IDENTITIES),
            visitor,
            events -> events.stream().anyMatch(e -> e.getKind() == kind))
        .stream()
        .filter(e -> e.getKind() == kind)
        .toList();
  }

  private static void deadLetter(String messageId) {
    List<ConsumerRecord<String, DeadLetter>> letters =
        env.consumeUntil(
            Topics.DEAD_LETTERS.name(),
            IngestApp.keys(),
            app.deserializer(Topics.DEAD_LETTERS),
            rs -> rs.stream().anyMatch(r -> isFor(r.value(), messageId)),
            WAIT);
    DeadLetter letter =
        letters.stream()
            .map(ConsumerRecord::value)
            .filter(d -> isFor(d, messageId))
            .findFirst()
            .orElseThrow();
    assertThat(letter.getReason().toString()).isEqualTo("invalid-event");
    assertThat(letter.getErrorMessage().toString()).contains("statedReason");
  }

  private static boolean isFor(DeadLetter letter, String messageId) {
    return letter.getDetails().entrySet().stream()
        .anyMatch(
            e ->
                e.getKey().toString().equals("messageId")
                    && e.getValue().toString().equals(messageId));
  }

  private static <V> List<V> valuesOf(
      String topic,
      org.apache.kafka.common.serialization.Deserializer<V> values,
      String visitor,
      Predicate<List<V>> done) {
    return env
        .consumeUntil(
            topic,
            IngestApp.keys(),
            values,
            rs ->
                done.test(
                    rs.stream()
                        .filter(r -> visitor.equals(r.key()))
                        .map(ConsumerRecord::value)
                        .toList()),
            WAIT)
        .stream()
        .filter(r -> visitor.equals(r.key()))
        .map(ConsumerRecord::value)
        .toList();
  }
}
