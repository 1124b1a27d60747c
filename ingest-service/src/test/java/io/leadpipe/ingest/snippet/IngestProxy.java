package io.leadpipe.ingest.snippet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the snippet test pages and passes every other request to the real ingest, so the page, the
 * snippet and its calls share one origin. A test can make the next batch requests fail on purpose
 * (a 5xx, 429 or 401, with or without handing the request to ingest first: the ambiguous failure
 * where Kafka has the events but the client never hears so); every batch request and its answer are
 * recorded.
 */
final class IngestProxy implements AutoCloseable {

  static final String BATCH = "/v1/batch";
  private static final String PAGES = "/pages/";
  private static final String PAGE_RESOURCES = "/snippet-pages/";
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);
  private static final List<String> FORWARDED_REQUEST_HEADERS =
      List.of("Authorization", "Content-Type", "User-Agent");
  private static final List<String> FORWARDED_RESPONSE_HEADERS =
      List.of("Content-Type", "Retry-After", "WWW-Authenticate", "Cache-Control");

  /** One batch request: its body, the status the snippet got, and when it arrived. */
  record Batch(String body, int status, Instant at) {}

  /** An answer given instead of ingest's; {@code forwardFirst}: ingest got the request anyway. */
  record Failure(int status, Map<String, String> headers, boolean forwardFirst) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(FORWARD_TIMEOUT).build();
  private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
  private final List<Batch> batches = new CopyOnWriteArrayList<>();
  private volatile URI ingest;

  private IngestProxy(HttpServer server, URI ingest) {
    this.server = server;
    this.ingest = ingest;
  }

  static IngestProxy start(URI ingest) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      IngestProxy proxy = new IngestProxy(server, ingest);
      server.setExecutor(proxy.executor);
      server.createContext("/", proxy::handle);
      server.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The origin the pages come from, e.g. {@code http://127.0.0.1:41234}. */
  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Passes requests to this ingest from now on. */
  void forwardTo(URI ingest) {
    this.ingest = ingest;
  }

  /** The next batch request gets this answer (failures queue up, one per request). */
  void failNextBatch(Failure failure) {
    failures.add(failure);
  }

  List<Batch> batches() {
    return List.copyOf(batches);
  }

  /** The batch requests whose body contains {@code text} (e.g. an event name). */
  List<Batch> batchesWith(String text) {
    return batches.stream().filter(b -> b.body().contains(text)).toList();
  }

  void reset(URI ingest) {
    failures.clear();
    batches.clear();
    this.ingest = ingest;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.startsWith(PAGES)) {
        page(exchange, path.substring(PAGES.length()));
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      Instant at = Instant.now();
      Failure failure = BATCH.equals(path) ? failures.poll() : null;
      int status;
      if (failure != null) {
        if (failure.forwardFirst()) {
          forward(exchange, body);
        }
        failure.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] problem = problem(failure.status());
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(failure.status(), problem.length);
        exchange.getResponseBody().write(problem);
        status = failure.status();
      } else {
        HttpResponse<byte[]> answer = forward(exchange, body);
        FORWARDED_RESPONSE_HEADERS.forEach(
            h ->
                answer
                    .headers()
                    .firstValue(h)
                    .ifPresent(v -> exchange.getResponseHeaders().set(h, v)));
        byte[] bytes = answer.body();
        exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
          exchange.getResponseBody().write(bytes);
        }
        status = answer.statusCode();
      }
      if (BATCH.equals(path)) {
        batches.add(new Batch(new String(body, StandardCharsets.UTF_8), status, at));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    URI source = exchange.getRequestURI();
    String query = source.getRawQuery() == null ? "" : "?" + source.getRawQuery();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(ingest.resolve(source.getRawPath() + query))
            .timeout(FORWARD_TIMEOUT)
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (String header : FORWARDED_REQUEST_HEADERS) {
      Optional.ofNullable(exchange.getRequestHeaders().getFirst(header))
          .ifPresent(v -> request.header(header, v));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void page(HttpExchange exchange, String name) throws IOException {
    try (InputStream in =
        IngestProxy.class.getResourceAsStream(PAGE_RESOURCES + name.replace("/", ""))) {
      if (in == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] html = in.readAllBytes();
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, html.length);
      exchange.getResponseBody().write(html);
    }
  }

  private static byte[] problem(int status) {
    return ("{\"type\":\"https://leadpipe.io/problems/test-failure\",\"status\":" + status + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
