package io.leadpipe.notifier.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadpipe.webhook.WebhookSecret;
import io.leadpipe.webhook.WebhookSigner;
import io.leadpipe.webhook.WebhookVerifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver for tests that verifies every Standard Webhooks signature as a real one must,
 * dedupes on {@code webhook-id}, and answers as its current {@link Rule} says: a status (with an
 * optional Retry-After), or no answer at all (the connection is accepted and left hanging until
 * {@link #release()}). It can also go down (connection refused) and come back on the same port.
 */
public final class Receiver implements AutoCloseable {

  /** What to answer to attempt {@code attempt} (1-based, as seen here) of a trigger. */
  @FunctionalInterface
  interface Rule {
    Reply reply(String triggerId, int attempt);
  }

  /** {@code hang}: accept and never answer. */
  record Reply(int status, String retryAfter, boolean hang) {
    static Reply status(int status) {
      return new Reply(status, null, false);
    }

    static final Reply OK = status(204);
    static final Reply HANG = new Reply(0, null, true);
  }

  /** How long a hung request is held at most, so a forgotten release cannot hang the JVM. */
  private static final long HANG_LIMIT_SECONDS = 120;

  final WebhookSecret secret = WebhookSecret.generate(new SecureRandom(), 32);
  private final WebhookVerifier verifier =
      new WebhookVerifier(secret, Duration.ofMinutes(5), Clock.systemUTC());
  private final ExecutorService handlers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "test-receiver");
            t.setDaemon(true);
            return t;
          });
  private final int port;
  private HttpServer server;
  private volatile CountDownLatch released = new CountDownLatch(1);
  volatile Rule rule = (id, attempt) -> Reply.OK;

  /** First successful delivery of each trigger, in arrival order. */
  public final List<String> deliveredInOrder = new CopyOnWriteArrayList<>();

  final Map<String, Instant> firstDeliveredAt = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  final List<WebhookVerifier.Result> verdicts = new CopyOnWriteArrayList<>();
  final AtomicInteger hung = new AtomicInteger();

  public Receiver() throws IOException {
    server = serve(0);
    port = server.getAddress().getPort();
  }

  Receiver(Rule rule) throws IOException {
    this();
    this.rule = rule;
  }

  private HttpServer serve(int onPort) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
    s.setExecutor(handlers);
    s.createContext("/hook", this::handle);
    s.start();
    return s;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String id = exchange.getRequestHeaders().getFirst(WebhookSigner.ID_HEADER);
      WebhookVerifier.Result verdict =
          verifier.verify(name -> exchange.getRequestHeaders().getFirst(name), body);
      verdicts.add(verdict);
      if (verdict != WebhookVerifier.Result.VALID) {
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      int attempt = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      Reply reply = rule.reply(id, attempt);
      if (reply.hang()) {
        hung.incrementAndGet();
        try {
          released.await(HANG_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        // The sender gave up long ago: this answer reaches nobody and delivers nothing.
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      if (reply.status() / 100 == 2 && body.contains("\"triggerId\":\"" + id + "\"")) {
        if (accepted.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() == 1) {
          firstDeliveredAt.put(id, Instant.now());
          deliveredInOrder.add(id);
        }
      }
      if (reply.retryAfter() != null) {
        exchange.getResponseHeaders().set("Retry-After", reply.retryAfter());
      }
      exchange.sendResponseHeaders(reply.status(), -1);
    }
  }

  /** Answers the hanging requests (too late for their senders) and stops hanging new ones. */
  void release() {
    rule = (id, attempt) -> Reply.OK;
    released.countDown();
  }

  void goDown() {
    server.stop(0);
  }

  void comeBack() throws IOException {
    server = serve(port);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port + "/hook");
  }

  /** An endpoint posting here, signed with this receiver's secret, allowed on loopback. */
  public WebhookEndpoint endpoint(
      String name,
      RetrySchedule schedule,
      Duration requestTimeout,
      int concurrency,
      int maxPending) {
    return new WebhookEndpoint(
        name,
        url(),
        List.of(secret),
        schedule,
        Duration.ofSeconds(30),
        requestTimeout,
        concurrency,
        maxPending,
        true);
  }

  /** {@code attempts - 1} equal waits. */
  public static RetrySchedule every(Duration wait, int attempts) {
    return new RetrySchedule(java.util.Collections.nCopies(attempts - 1, wait));
  }

  /** Deliveries of a trigger beyond its first: at-least-once redeliveries. */
  int duplicates() {
    return accepted.values().stream().mapToInt(n -> n.get() - 1).sum();
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }
}
