package io.leadpipe.localstack.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.localstack.demo.DemoCall.Endpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated shoppers visiting the demo shop, sent through the real ingest HTTP API as the tracking
 * snippet would (batched Segment calls with a write key). New shoppers arrive at a fixed rate; each
 * walks through their persona's journey with think time between steps; influencers bring friends.
 *
 * <p>Shoppers also react to follow-ups ({@link #onFollowup}): they answer the survey with their real
 * reason, and some buy, more often when the play addresses what held them back.
 */
public final class DemoTraffic implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);

  /** Settings of the simulation. */
  public record Settings(
      URI ingestUrl, String writeKey, double shoppersPerSecond, long seed,
      long minThinkMs, long maxThinkMs, Duration tick, Duration requestTimeout) {

    public static Settings defaults(URI ingestUrl, String writeKey) {
      return new Settings(ingestUrl, writeKey, 1.0, System.nanoTime(), 1_000, 4_000,
          Duration.ofMillis(200), Duration.ofSeconds(10));
    }
  }

  private record Due(long atMs, DemoCall call) {}

  private final Settings settings;
  private final Clock clock;
  private final Random random;
  private final ShopperFactory shoppers;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final String authorization;
  private final PriorityQueue<Due> pending = new PriorityQueue<>((a, b) -> Long.compare(a.atMs, b.atMs));
  private final Map<String, Shopper> byVisitor = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "demo-traffic");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failedRequests = new AtomicLong();
  private double arrivalCredit;

  public DemoTraffic(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.random = new Random(settings.seed());
    this.shoppers = new ShopperFactory(random);
    this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((settings.writeKey() + ":").getBytes(StandardCharsets.UTF_8));
  }

  public void start() {
    long tickMs = settings.tick().toMillis();
    ticker.scheduleAtFixedRate(this::tickSafely, 0, tickMs, TimeUnit.MILLISECONDS);
    LOG.info("Demo traffic: {} shoppers/s into {} (seed {})",
        settings.shoppersPerSecond(), settings.ingestUrl(), settings.seed());
  }

  public long accepted() {
    return accepted.get();
  }

  public long rejected() {
    return rejected.get();
  }

  /** A follow-up reached the shopper (through the notifier's webhook): they may answer or buy. */
  public void onFollowup(String visitorId, String triggerId, String play) {
    Shopper shopper = byVisitor.get(visitorId);
    if (shopper == null || !shopper.persona().hesitates()) {
      return;
    }
    synchronized (this) {
      if ("SURVEY".equals(play)) {
        if (random.nextDouble() < 0.7) {
          schedule(now(), FollowupReactions.surveyAnswer(shopper, triggerId));
        }
      } else if (random.nextDouble() < FollowupReactions.buyProbability(shopper.persona(), play)) {
        schedule(now(), FollowupReactions.purchase(shopper, random));
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

  private void tick() {
    List<DemoCall> due = new ArrayList<>();
    synchronized (this) {
      arriveNewShoppers();
      long now = now();
      while (!pending.isEmpty() && pending.peek().atMs() <= now) {
        due.add(pending.poll().call());
      }
    }
    List<Map<String, Object>> batch = new ArrayList<>();
    for (DemoCall call : due) {
      if (call.endpoint() == Endpoint.BATCH) {
        batch.add(stamped(call.body()));
      } else {
        send("/v1/social", stamped(call.body()), 1);
      }
    }
    if (!batch.isEmpty()) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("batch", batch);
      body.put("sentAt", Instant.ofEpochMilli(now()).toString());
      send("/v1/batch", body, batch.size());
    }
  }

  private void arriveNewShoppers() {
    arrivalCredit += settings.shoppersPerSecond() * settings.tick().toMillis() / 1000.0;
    while (arrivalCredit >= 1) {
      arrivalCredit -= 1;
      Shopper shopper = shoppers.next();
      remember(shopper);
      schedule(now(), ShopperJourney.plan(shopper, shopUrl(), settings.minThinkMs(), settings.maxThinkMs(), random));
      if (shopper.referralCode() != null) {
        // Friends open the shared link a little later.
        int friends = 1 + random.nextInt(3);
        for (int i = 0; i < friends; i++) {
          Shopper friend = shoppers.referredBy(shopper.referralCode());
          remember(friend);
          schedule(now() + 5_000 + random.nextInt(10_000), ShopperJourney.referredFriendBuys(friend, shopUrl(), random));
        }
      }
    }
  }

  private void remember(Shopper shopper) {
    byVisitor.put(shopper.anonymousId(), shopper);
    if (shopper.userId() != null) {
      byVisitor.put(shopper.userId(), shopper);
    }
  }

  private void schedule(long startMs, List<DemoCall> calls) {
    for (DemoCall call : calls) {
      pending.add(new Due(startMs + call.offsetMs(), call));
    }
  }

  private Map<String, Object> stamped(Map<String, Object> body) {
    Map<String, Object> copy = new LinkedHashMap<>(body);
    copy.put("timestamp", Instant.ofEpochMilli(now()).toString());
    return copy;
  }

  private void send(String path, Map<String, Object> body, int events) {
    try {
      HttpRequest request = HttpRequest.newBuilder(settings.ingestUrl().resolve(path))
          .timeout(settings.requestTimeout())
          .header("Authorization", authorization)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
          .build();
      http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
        if (error != null) {
          failedRequests.incrementAndGet();
          LOG.debug("Demo request to {} failed: {}", path, error.toString());
        } else if (response.statusCode() / 100 == 2) {
          accepted.addAndGet(events);
        } else {
          rejected.addAndGet(events);
          LOG.debug("Demo request to {} answered {}: {}", path, response.statusCode(), response.body());
        }
      });
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
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
    LOG.info("Demo traffic stopped: {} events accepted, {} rejected, {} requests failed",
        accepted.get(), rejected.get(), failedRequests.get());
  }
}
