package io.leadpipe.localstack.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadpipe.notifier.webhook.WebhookSigner;
import io.leadpipe.notifier.webhook.WebhookVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.time.Duration;
import java.util.LinkedHashMap;
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
 * receiver must (docs/followups.md): the signature is checked on the raw body with the notifier's own
 * {@link WebhookVerifier} (401 otherwise), deliveries are deduplicated by {@code Idempotency-Key}
 * (delivery is at least once), and each new follow-up is handed to the shopper it is for.
 */
public final class DemoWebhookReceiver implements AutoCloseable {

  /** A verified, first-time follow-up for a visitor. Must return quickly: it runs on the request. */
  @FunctionalInterface
  public interface FollowupListener {
    void onFollowup(String visitorId, String triggerId, String play);
  }

  /** What the receiver has seen so far. */
  public record Stats(long verified, long rejected, long duplicates, Map<String, Long> verifiedByPlay) {}

  public static final String PATH = "/webhooks/leadpipe";
  /** The replay window docs/followups.md recommends. */
  static final Duration SIGNATURE_TOLERANCE = Duration.ofMinutes(5);
  /** Idempotency keys remembered; retries come within minutes, so the latest few thousand are plenty. */
  static final int REMEMBERED_KEYS = 10_000;
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
  private final Map<String, Boolean> seenKeys = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED_KEYS;
        }
      });
  private final AtomicLong verified = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final Map<String, LongAdder> byPlay = new ConcurrentHashMap<>();

  private DemoWebhookReceiver(HttpServer server, ExecutorService workers, WebhookVerifier verifier,
      FollowupListener listener) {
    this.server = server;
    this.workers = workers;
    this.verifier = verifier;
    this.listener = listener;
  }

  /** Listens on 127.0.0.1:{@code port} (0: a free port) for webhooks signed with {@code secret}. */
  public static DemoWebhookReceiver start(int port, String secret, Clock clock, FollowupListener listener) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(HOST, port), DEFAULT_BACKLOG);
      ExecutorService workers = Executors.newFixedThreadPool(WORKER_THREADS, r -> {
        Thread t = new Thread(r, "demo-webhook-receiver");
        t.setDaemon(true);
        return t;
      });
      DemoWebhookReceiver receiver = new DemoWebhookReceiver(server, workers,
          new WebhookVerifier(secret, SIGNATURE_TOLERANCE, clock), listener);
      server.createContext(PATH, receiver::handle);
      server.setExecutor(workers);
      server.start();
      LOG.info("Demo webhook receiver listening at {}", receiver.url());
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot bind the demo webhook receiver to " + HOST + ":" + port, e);
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

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().add("Allow", "POST");
        respond(exchange, METHOD_NOT_ALLOWED, "POST only");
        return;
      }
      // The signature covers the exact bytes sent: verify before any parsing.
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      WebhookVerifier.Result result = verifier.verify(body,
          exchange.getRequestHeaders().getFirst(WebhookSigner.SIGNATURE_HEADER));
      if (result != WebhookVerifier.Result.VALID) {
        rejected.incrementAndGet();
        LOG.warn("Refused a webhook: {}", result);
        respond(exchange, UNAUTHORIZED, result.name());
        return;
      }
      String key = exchange.getRequestHeaders().getFirst(WebhookSigner.IDEMPOTENCY_HEADER);
      if (key != null && seenKeys.putIfAbsent(key, Boolean.TRUE) != null) {
        duplicates.incrementAndGet();
        respond(exchange, OK, "duplicate");
        return;
      }
      try {
        accept(body);
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
    if (visitorId == null || triggerId == null || play == null) {
      throw new IllegalArgumentException("data.visitorId, data.triggerId and data.play are required");
    }
    LOG.info("Follow-up {} for {}: {}", triggerId, visitorId, play);
    listener.onFollowup(visitorId, triggerId, play);
    verified.incrementAndGet();
    byPlay.computeIfAbsent(play, p -> new LongAdder()).increment();
  }

  private void forget(String key) {
    if (key != null) {
      seenKeys.remove(key);
    }
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
    LOG.info("Demo webhook receiver stopped: {} follow-ups verified, {} refused, {} duplicates",
        s.verified(), s.rejected(), s.duplicates());
  }
}
