package io.leadpipe.localstack.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadpipe.webhook.WebhookSecret;
import io.leadpipe.webhook.WebhookSigner;
import io.leadpipe.webhook.WebhookVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's marketing system: receives the notifier's follow-up webhooks and treats them as a real
 * receiver must (docs/followups.md, Standard Webhooks): the {@code webhook-signature} is checked on
 * the raw body, the {@code webhook-id} and the {@code webhook-timestamp} with the notifier's own
 * {@link WebhookVerifier} (401 otherwise), deliveries are deduplicated by {@code webhook-id}
 * (delivery is at least once), and each new follow-up is handed to the shopper it is for.
 *
 * <p>{@code GET} on the same path shows what arrived: counts and the latest follow-ups, as JSON.
 */
public final class DemoWebhookReceiver implements AutoCloseable {

  /**
   * A verified, first-time follow-up for a visitor. Must return quickly: it runs on the request.
   */
  @FunctionalInterface
  public interface FollowupListener {
    /**
     * @param surveyUrl the hosted survey's link of a survey step ({@code attributes.surveyUrl}), or
     *     null
     */
    void onFollowup(String visitorId, String triggerId, String play, String surveyUrl);
  }

  /** What the receiver has seen so far. */
  public record Stats(
      long verified, long rejected, long duplicates, Map<String, Long> verifiedByPlay) {}

  /** One verified follow-up. */
  public record FollowUp(String triggerId, String visitorId, String play, Instant receivedAt) {}

  public static final String PATH = "/webhooks/leadpipe";

  /** The replay window docs/followups.md recommends. */
  static final Duration SIGNATURE_TOLERANCE = Duration.ofMinutes(5);

  /** Webhook ids remembered: far more than a demo run sends in the days a retry may take. */
  static final int REMEMBERED_IDS = 10_000;

  /** The latest follow-ups kept for GET: enough to watch a demo. */
  static final int RECENT_FOLLOW_UPS = 100;

  private static final String HOST = "127.0.0.1";
  private static final int WORKER_THREADS = 2;
  private static final int DEFAULT_BACKLOG = 0;
  private static final int STOP_DELAY_SECONDS = 0;
  private static final int OK = 200;
  private static final int BAD_REQUEST = 400;
  private static final int UNAUTHORIZED = 401;
  private static final int METHOD_NOT_ALLOWED = 405;
  private static final long NO_BODY = -1;

  private static final Logger LOG = LoggerFactory.getLogger(DemoWebhookReceiver.class);

  private final HttpServer server;
  private final ExecutorService workers;
  private final WebhookVerifier verifier;
  private final FollowupListener listener;
  private final ObjectMapper json = new ObjectMapper();
  private final ProcessedWebhookIds processed;
  private final AtomicLong verified = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final Map<String, LongAdder> byPlay = new ConcurrentHashMap<>();
  private final Deque<FollowUp> recent = new ArrayDeque<>();
  private final Clock clock;

  private DemoWebhookReceiver(
      HttpServer server,
      ExecutorService workers,
      WebhookVerifier verifier,
      FollowupListener listener,
      Clock clock,
      ProcessedWebhookIds processed) {
    this.server = server;
    this.processed = processed;
    this.workers = workers;
    this.verifier = verifier;
    this.listener = listener;
    this.clock = clock;
  }

  /**
   * Listens on 127.0.0.1:{@code port} (0: a free port) for webhooks signed with {@code secret}
   * ({@code whsec_<base64>}, as the notifier's endpoint is configured).
   *
   * @param keysFile where the processed webhook ids are kept across restarts
   */
  public static DemoWebhookReceiver start(
      int port, String secret, Clock clock, Path keysFile, FollowupListener listener) {
    ProcessedWebhookIds processed = new ProcessedWebhookIds(keysFile, REMEMBERED_IDS);
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(HOST, port), DEFAULT_BACKLOG);
      ExecutorService workers =
          Executors.newFixedThreadPool(
              WORKER_THREADS,
              r -> {
                Thread t = new Thread(r, "demo-webhook-receiver");
                t.setDaemon(true);
                return t;
              });
      DemoWebhookReceiver receiver =
          new DemoWebhookReceiver(
              server,
              workers,
              new WebhookVerifier(WebhookSecret.parse(secret), SIGNATURE_TOLERANCE, clock),
              listener,
              clock,
              processed);
      server.createContext(PATH, receiver::handle);
      server.setExecutor(workers);
      server.start();
      LOG.info("Demo webhook receiver listening at {}", receiver.url());
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot bind the demo webhook receiver to " + HOST + ":" + port, e);
    }
  }

  public URI url() {
    return URI.create("http://" + HOST + ":" + port() + PATH);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public Stats stats() {
    Map<String, Long> plays = new TreeMap<>();
    byPlay.forEach((play, n) -> plays.put(play, n.sum()));
    return new Stats(verified.get(), rejected.get(), duplicates.get(), plays);
  }

  /** The latest verified follow-ups, oldest first. */
  public synchronized List<FollowUp> recent() {
    return List.copyOf(recent);
  }

  private synchronized void keep(FollowUp followUp) {
    if (recent.size() == RECENT_FOLLOW_UPS) {
      recent.removeFirst();
    }
    recent.addLast(followUp);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if ("GET".equals(exchange.getRequestMethod())) {
        showReceived(exchange);
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().add("Allow", "GET, POST");
        respond(exchange, METHOD_NOT_ALLOWED, "POST a webhook, or GET what arrived");
        return;
      }
      // The signature covers the exact bytes sent: verify before any parsing.
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      WebhookVerifier.Result result =
          verifier.verify(name -> exchange.getRequestHeaders().getFirst(name), body);
      if (result != WebhookVerifier.Result.VALID) {
        rejected.incrementAndGet();
        LOG.warn("Refused a webhook: {}", result);
        respond(exchange, UNAUTHORIZED, result.name());
        return;
      }
      // The same on every retry of a message: what a receiver dedupes on.
      String key = exchange.getRequestHeaders().getFirst(WebhookSigner.ID_HEADER);
      if (!processed.claim(key)) {
        duplicates.incrementAndGet();
        respond(exchange, OK, "duplicate");
        return;
      }
      try {
        accept(body);
        processed.commit(key);
        respond(exchange, OK, "ok");
      } catch (JsonProcessingException e) {
        forget(key);
        respond(exchange, BAD_REQUEST, "the body is not JSON");
      } catch (IllegalArgumentException e) {
        forget(key);
        respond(exchange, BAD_REQUEST, e.getMessage());
      } catch (RuntimeException e) {
        // Not taken: the notifier retries, and the retry must not be mistaken for a duplicate.
        forget(key);
        throw e;
      }
    }
  }

  private void accept(String body) throws JsonProcessingException {
    JsonNode data = json.readTree(body).path("data");
    String visitorId = data.path("visitorId").asText(null);
    String triggerId = data.path("triggerId").asText(null);
    String play = data.path("play").asText(null);
    String surveyUrl = data.path("attributes").path("surveyUrl").asText(null);
    if (visitorId == null || triggerId == null || play == null) {
      throw new IllegalArgumentException(
          "data.visitorId, data.triggerId and data.play are required");
    }
    LOG.info("Follow-up {} for {}: {}", triggerId, visitorId, play);
    listener.onFollowup(visitorId, triggerId, play, surveyUrl);
    verified.incrementAndGet();
    byPlay.computeIfAbsent(play, p -> new LongAdder()).increment();
    keep(new FollowUp(triggerId, visitorId, play, clock.instant()));
  }

  private void showReceived(HttpExchange exchange) throws IOException {
    Stats s = stats();
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("verified", s.verified());
    shown.put("refused", s.rejected());
    shown.put("duplicates", s.duplicates());
    shown.put("byPlay", s.verifiedByPlay());
    shown.put(
        "recent",
        recent().stream()
            .map(
                f ->
                    Map.of(
                        "triggerId",
                        f.triggerId(),
                        "visitorId",
                        f.visitorId(),
                        "play",
                        f.play(),
                        "receivedAt",
                        f.receivedAt().toString()))
            .toList());
    byte[] bytes = json.writeValueAsBytes(shown);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(OK, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private void forget(String key) {
    processed.release(key);
  }

  private static void respond(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? NO_BODY : bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(STOP_DELAY_SECONDS);
    workers.shutdownNow();
    Stats s = stats();
    LOG.info(
        "Demo webhook receiver stopped: {} follow-ups verified, {} refused, {} duplicates",
        s.verified(),
        s.rejected(),
        s.duplicates());
  }
}
