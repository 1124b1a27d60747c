package io.leadpipe.localstack.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.localstack.demo.DemoCall.Endpoint;
import io.leadpipe.schemas.common.FollowupPlay;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated shoppers visiting the demo shop, sent through the real ingest HTTP API as the tracking
 * snippet and a social connector would (batched Segment calls and social interactions, with the
 * shop's write key). Shoppers arrive so that their calls add up to the configured events per
 * second; each walks through their persona's journey with think time between steps; influencers
 * bring friends.
 *
 * <p>Shoppers also react to follow-ups ({@link #onFollowup}): they answer the survey with their
 * real reason, and some buy, more often when the play addresses what held them back. Arrivals use
 * their own random stream, so the same seed gives the same shoppers whatever the follow-ups do.
 */
public final class DemoTraffic implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);

  /** A POST whose connection was lost without an answer is sent once more (see {@link #post}). */
  private static final int STALE_CONNECTION_RETRIES = 1;

  /**
   * Settings of the simulation.
   *
   * @param writeKey the shop's browser key, for what happens in the shopper's browser
   * @param serverWriteKey the shop's server key, for purchases and social interactions
   * @param eventsPerSecond calls per second the arriving shoppers make in total (follow-up
   *     reactions add a few)
   * @param seed the seed of this run's random streams
   */
  public record Settings(
      URI ingestUrl,
      String writeKey,
      String serverWriteKey,
      double eventsPerSecond,
      long seed,
      long minThinkMs,
      long maxThinkMs,
      Duration tick,
      Duration requestTimeout) {

    /** Think time between a shopper's steps, as a person browses. */
    public static final long MIN_THINK_MS = 1_000;

    public static final long MAX_THINK_MS = 4_000;
    public static final Duration TICK = Duration.ofMillis(200);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public static Settings of(
        URI ingestUrl, String writeKey, String serverWriteKey, double eventsPerSecond, long seed) {
      return new Settings(
          ingestUrl,
          writeKey,
          serverWriteKey,
          eventsPerSecond,
          seed,
          MIN_THINK_MS,
          MAX_THINK_MS,
          TICK,
          REQUEST_TIMEOUT);
    }
  }

  /**
   * Counts so far: events are single calls, a batch request counts each of its events. Events sent
   * but not yet answered are {@code sent - accepted - rejected - failed}.
   */
  public record Stats(
      long shoppers, long sent, long accepted, long rejected, long failed, long reactions) {}

  /** Friends open a shared link this long after the influencer arrived, plus up to the spread. */
  static final long FRIEND_DELAY_MS = 5_000;

  static final int FRIEND_DELAY_SPREAD_MS = 10_000;
  static final int MAX_FRIENDS = 3;

  /** A batch stays well under ingest's 500 KB limit (events are about 1 KB). */
  static final int MAX_BATCH_EVENTS = 100;

  /**
   * After a pause (a suspended laptop) arrivals resume at the rate instead of catching up in a
   * burst.
   */
  static final long MAX_CATCH_UP_MS = 1_000;

  /** Shoppers remembered for follow-ups; older ones have long left the shop. */
  static final int REMEMBERED_SHOPPERS = 20_000;

  /**
   * A shopper who buys anyway comes back this long after their visit's last call (plus up to {@link
   * #OWN_RETURN_SPREAD_MS}): after detection and the first follow-ups of the demo sequences, well
   * inside the attribution window.
   */
  static final long OWN_RETURN_MS = 60_000;

  static final int OWN_RETURN_SPREAD_MS = 120_000;

  private static final long REACTION_SALT = 0x5EED_F011_0A0BL;
  private static final int HTTP_SUCCESS_CLASS = 2;
  private static final int HTTP_OK = 200;

  /** The hidden form proof on ingest's survey page. */
  private static final Pattern FORM_PROOF = Pattern.compile("name=\"proof\" value=\"([^\"]*)\"");

  private static final int HTTP_STATUS_CLASS = 100;

  private record Due(long atMs, long order, DemoCall call) {}

  /**
   * A planned visit: the shopper (and friends they bring) with the calls each will make, from
   * arrival.
   */
  private record Visit(List<Shopper> shoppers, List<Due> calls, Set<String> buyingAnyway) {}

  private final Settings settings;
  private final Clock clock;
  private final Random arrivals;
  private final Random reactions;
  private final ShopperFactory shoppers;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final String browserAuthorization;
  private final String serverAuthorization;
  private final PriorityQueue<Due> pending =
      new PriorityQueue<>(
          (a, b) ->
              a.atMs != b.atMs ? Long.compare(a.atMs, b.atMs) : Long.compare(a.order, b.order));
  private final Map<String, Shopper> byVisitor =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Shopper> eldest) {
              return size() > REMEMBERED_SHOPPERS;
            }
          });
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "demo-traffic");
            t.setDaemon(true);
            return t;
          });

  /** Visitors who will buy (or have bought): a follow-up does not make them buy again. */
  private final Set<String> buying = boundedSet();

  private final AtomicLong shopperCount = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong reactionCount = new AtomicLong();
  private final AtomicBoolean rejectionLogged = new AtomicBoolean();
  private final AtomicBoolean failureLogged = new AtomicBoolean();
  private long order;
  private double budget;
  private long lastArrivalMs = -1;
  private Visit nextVisit;

  public DemoTraffic(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.arrivals = new Random(settings.seed());
    this.reactions = new Random(settings.seed() ^ REACTION_SALT);
    this.shoppers = new ShopperFactory(arrivals);
    this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
    this.browserAuthorization = basic(settings.writeKey());
    this.serverAuthorization = basic(settings.serverWriteKey());
  }

  public void start() {
    long tickMs = settings.tick().toMillis();
    ticker.scheduleAtFixedRate(this::tickSafely, 0, tickMs, TimeUnit.MILLISECONDS);
    LOG.info(
        "Demo traffic: {} events/s into {} (seed {})",
        settings.eventsPerSecond(),
        settings.ingestUrl(),
        settings.seed());
  }

  public Stats stats() {
    return new Stats(
        shopperCount.get(),
        sent.get(),
        accepted.get(),
        rejected.get(),
        failed.get(),
        reactionCount.get());
  }

  /**
   * A follow-up reached the shopper (through the notifier's webhook): they may answer or buy.
   *
   * @param surveyUrl the hosted survey's link of a survey step, or null
   */
  public void onFollowup(String visitorId, String triggerId, String playName, String surveyUrl) {
    Shopper shopper = byVisitor.get(visitorId);
    Optional<FollowupPlay> play = FollowupReactions.play(playName);
    if (shopper == null || play.isEmpty() || !shopper.persona().hesitates()) {
      return;
    }
    synchronized (this) {
      List<DemoCall> reaction =
          FollowupReactions.react(
              shopper,
              triggerId,
              play.get(),
              surveyUrl,
              buying.contains(shopper.visitorId()),
              shopUrl(),
              reactions);
      if (!reaction.isEmpty()) {
        if (play.get() != FollowupPlay.SURVEY) {
          buying.add(shopper.visitorId());
        }
        reactionCount.incrementAndGet();
        // The shopper reads the message before acting on it.
        schedule(now() + settings.minThinkMs(), reaction);
      }
    }
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      // One bad tick must not stop the simulation; the next one retries what is still due.
      LOG.warn("Demo traffic tick failed: {}", e.toString());
    }
  }

  /**
   * One step of the simulation: arrivals, then the calls now due. Package-private for tests with a
   * manual clock.
   */
  void tick() {
    List<DemoCall> due = new ArrayList<>();
    synchronized (this) {
      arriveNewShoppers();
      long now = now();
      while (!pending.isEmpty() && pending.peek().atMs() <= now) {
        due.add(pending.poll().call());
      }
    }
    for (Endpoint endpoint : Endpoint.values()) {
      List<DemoCall> calls = due.stream().filter(c -> c.endpoint() == endpoint).toList();
      if (endpoint == Endpoint.SURVEY_PAGE) {
        calls.forEach(this::answerOnSurveyPage);
      } else {
        sendBatches(calls, endpoint);
      }
    }
  }

  /**
   * Shoppers arrive while the event budget covers their whole visit, so the rate holds on average.
   */
  private void arriveNewShoppers() {
    long now = now();
    long elapsed =
        lastArrivalMs < 0
            ? settings.tick().toMillis()
            : Math.min(now - lastArrivalMs, MAX_CATCH_UP_MS);
    lastArrivalMs = now;
    budget += settings.eventsPerSecond() * elapsed / 1000.0;
    if (nextVisit == null) {
      nextVisit = planVisit();
    }
    while (budget >= nextVisit.calls().size()) {
      budget -= nextVisit.calls().size();
      nextVisit.shoppers().forEach(this::remember);
      buying.addAll(nextVisit.buyingAnyway());
      for (Due d : nextVisit.calls()) {
        pending.add(new Due(now + d.atMs(), order++, d.call()));
      }
      nextVisit = planVisit();
    }
  }

  private Visit planVisit() {
    Shopper shopper = shoppers.next();
    List<Shopper> people = new ArrayList<>(List.of(shopper));
    List<Due> calls = new ArrayList<>();
    ShopperJourney.plan(shopper, shopUrl(), settings.minThinkMs(), settings.maxThinkMs(), arrivals)
        .forEach(c -> calls.add(new Due(c.offsetMs(), 0, c)));
    if (shopper.referralCode() != null) {
      int friends = 1 + arrivals.nextInt(MAX_FRIENDS);
      for (int i = 0; i < friends; i++) {
        Shopper friend = shoppers.referredBy(shopper.referralCode());
        people.add(friend);
        long opensLinkAt = FRIEND_DELAY_MS + arrivals.nextInt(FRIEND_DELAY_SPREAD_MS);
        ShopperJourney.plan(
                friend, shopUrl(), settings.minThinkMs(), settings.maxThinkMs(), arrivals)
            .forEach(c -> calls.add(new Due(opensLinkAt + c.offsetMs(), 0, c)));
      }
    }
    Set<String> buyingAnyway = new HashSet<>();
    if (arrivals.nextDouble() < shopper.persona().buysAnyway()) {
      long lastCall = calls.stream().mapToLong(Due::atMs).max().orElse(0);
      long returnsAt = lastCall + OWN_RETURN_MS + arrivals.nextInt(OWN_RETURN_SPREAD_MS);
      calls.add(
          new Due(returnsAt, 0, FollowupReactions.selfPurchase(shopper, 0, shopUrl(), arrivals)));
      buyingAnyway.add(shopper.visitorId());
    }
    return new Visit(people, calls, buyingAnyway);
  }

  private void remember(Shopper shopper) {
    shopperCount.incrementAndGet();
    if (shopper.persona().hesitates()) {
      // Webhooks name the visitor by the profile's key; remember the anonymous id too.
      byVisitor.put(shopper.visitorId(), shopper);
      byVisitor.put(shopper.anonymousId(), shopper);
    }
  }

  private void schedule(long startMs, List<DemoCall> calls) {
    for (DemoCall call : calls) {
      pending.add(new Due(startMs + call.offsetMs(), order++, call));
    }
  }

  private void sendBatches(List<DemoCall> calls, Endpoint endpoint) {
    for (int from = 0; from < calls.size(); from += MAX_BATCH_EVENTS) {
      List<Map<String, Object>> batch =
          calls.subList(from, Math.min(calls.size(), from + MAX_BATCH_EVENTS)).stream()
              .map(c -> stamped(c.body()))
              .toList();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("batch", batch);
      body.put("sentAt", Instant.ofEpochMilli(now()).toString());
      send(endpoint, body, batch.size());
    }
  }

  private Map<String, Object> stamped(Map<String, Object> body) {
    Map<String, Object> copy = new LinkedHashMap<>(body);
    copy.put("timestamp", Instant.ofEpochMilli(now()).toString());
    return copy;
  }

  private void send(Endpoint endpoint, Map<String, Object> body, int events) {
    String path = endpoint.path();
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(settings.ingestUrl().resolve(path))
              .timeout(settings.requestTimeout())
              .header(
                  "Authorization",
                  endpoint.serverSide() ? serverAuthorization : browserAuthorization)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
              .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A demo call is not serialisable", e);
    }
    sent.addAndGet(events);
    post(request, STALE_CONNECTION_RETRIES)
        .whenComplete(
            (response, error) -> {
              if (error != null) {
                failed.addAndGet(events);
                logOnce(
                    failureLogged,
                    "Demo request to {} failed (further failures are counted, not logged): {}",
                    path,
                    error);
              } else if (response.statusCode() / HTTP_STATUS_CLASS == HTTP_SUCCESS_CLASS) {
                int refused = refusedInBatch(response.body());
                accepted.addAndGet(events - refused);
                rejected.addAndGet(refused);
                if (refused > 0) {
                  logOnce(
                      rejectionLogged,
                      "Ingest refused demo events on {} (further refusals are counted): {}",
                      path,
                      response.body());
                }
              } else {
                rejected.addAndGet(events);
                logOnce(
                    rejectionLogged,
                    "Ingest answered {} to demo events (further refusals are counted): {}",
                    response.statusCode(),
                    response.body());
              }
            });
  }

  /**
   * Opens the survey link and posts the answer with the page's form proof, as the shopper's browser
   * would (same origin).
   */
  private void answerOnSurveyPage(DemoCall call) {
    URI link = URI.create((String) call.body().get("url"));
    String reason = (String) call.body().get("reason");
    sent.incrementAndGet();
    http.sendAsync(
            HttpRequest.newBuilder(link).timeout(settings.requestTimeout()).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .thenCompose(
            page -> {
              Matcher proof = FORM_PROOF.matcher(page.body());
              if (page.statusCode() != HTTP_OK || !proof.find()) {
                throw new IllegalStateException(
                    "the survey page answered " + page.statusCode() + " without a form");
              }
              String form =
                  "reason="
                      + URLEncoder.encode(reason, StandardCharsets.UTF_8)
                      + "&proof="
                      + URLEncoder.encode(unescapeHtml(proof.group(1)), StandardCharsets.UTF_8);
              return post(
                  HttpRequest.newBuilder(link)
                      .timeout(settings.requestTimeout())
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .header("Sec-Fetch-Site", "same-origin")
                      .POST(HttpRequest.BodyPublishers.ofString(form))
                      .build(),
                  STALE_CONNECTION_RETRIES);
            })
        .whenComplete(
            (answered, error) -> {
              if (error == null && answered.statusCode() == HTTP_OK) {
                accepted.incrementAndGet();
              } else {
                failed.incrementAndGet();
                logOnce(
                    failureLogged,
                    "A demo survey answer on {} failed (further failures are counted): {}",
                    link.getPath(),
                    error != null ? error : answered.statusCode());
              }
            });
  }

  /**
   * Sends a POST, and sends it again when the connection failed without an answer: typically a
   * pooled keep-alive connection the server closed just then, which the HTTP client retries by
   * itself only for GETs. Demo calls carry message ids (ingest dedupes them) and a survey answer
   * may be given twice, so a repeat is harmless, as in Segment's libraries. A timeout is not
   * repeated: the server is slow, not gone.
   */
  private CompletableFuture<HttpResponse<String>> post(HttpRequest request, int retriesLeft) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, error) -> {
              if (error == null) {
                return CompletableFuture.completedFuture(response);
              }
              Throwable cause = error instanceof CompletionException ? error.getCause() : error;
              boolean connectionLost =
                  cause instanceof IOException && !(cause instanceof HttpTimeoutException);
              return connectionLost && retriesLeft > 0
                  ? post(request, retriesLeft - 1)
                  : CompletableFuture.<HttpResponse<String>>failedFuture(cause);
            })
        .thenCompose(answer -> answer);
  }

  private static String unescapeHtml(String attribute) {
    return attribute
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  private static <T> Set<T> boundedSet() {
    return Collections.synchronizedSet(
        Collections.newSetFromMap(
            new LinkedHashMap<>() {
              @Override
              protected boolean removeEldestEntry(Map.Entry<T, Boolean> eldest) {
                return size() > REMEMBERED_SHOPPERS;
              }
            }));
  }

  private static String basic(String writeKey) {
    return "Basic "
        + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
  }

  /** A batch answer lists the events it refused; the demo's calls should never be among them. */
  private int refusedInBatch(String answer) {
    try {
      return json.readTree(answer).path("rejected").size();
    } catch (JsonProcessingException e) {
      return 0;
    }
  }

  private static void logOnce(AtomicBoolean logged, String message, Object a, Object b) {
    if (logged.compareAndSet(false, true)) {
      LOG.warn(message, a, b);
    } else {
      LOG.debug(message, a, b);
    }
  }

  private String shopUrl() {
    return settings.ingestUrl().resolve("/demo/shop.html").toString();
  }

  private long now() {
    return clock.millis();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    Stats s = stats();
    LOG.info(
        "Demo traffic stopped: {} shoppers, {} events accepted, {} refused, {} failed, {} reactions to follow-ups",
        s.shoppers(),
        s.accepted(),
        s.rejected(),
        s.failed(),
        s.reactions());
  }
}
