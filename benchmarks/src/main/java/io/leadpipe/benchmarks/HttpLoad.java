package io.leadpipe.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts request bodies to ingest: closed loop with N concurrent clients, or one request at a time.
 */
final class HttpLoad {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI ingest;
  private final String authorization;

  HttpLoad(URI ingest, String writeKey) {
    this.ingest = ingest;
    this.authorization =
        "Basic "
            + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Result of a closed-loop run: events in 2xx answers per second, and the requests that were not
   * 2xx.
   */
  record Throughput(double eventsPerSecond, long acceptedEvents, int failedRequests) {}

  /**
   * {@code clients} threads post the bodies one after another, each waiting for its answer (as real
   * collectors do); events are counted from the service's {@code accepted} figure in 2xx answers.
   */
  Throughput closedLoop(String path, List<byte[]> bodies, int clients) {
    AtomicInteger next = new AtomicInteger();
    AtomicLong accepted = new AtomicLong();
    AtomicInteger failures = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      done.add(
          CompletableFuture.runAsync(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < bodies.size()) {
                  HttpResponse<String> response = post(path, bodies.get(i));
                  if (response != null && response.statusCode() / 100 == 2) {
                    accepted.addAndGet(acceptedCount(response.body()));
                  } else {
                    failures.incrementAndGet();
                  }
                }
              },
              pool));
    }
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return new Throughput(accepted.get() / seconds, accepted.get(), failures.get());
  }

  /** Posts asynchronously; the future completes with the answer (null on a transport error). */
  CompletableFuture<HttpResponse<String>> postAsync(String path, byte[] body) {
    return http.sendAsync(request(path, body), HttpResponse.BodyHandlers.ofString())
        .exceptionally(e -> null);
  }

  private HttpResponse<String> post(String path, byte[] body) {
    try {
      return http.send(request(path, body), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private HttpRequest request(String path, byte[] body) {
    return HttpRequest.newBuilder(ingest.resolve(path))
        .timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .header("Authorization", authorization)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  /** Ingest answers {@code {"success":true,"accepted":N,...}}. */
  private static long acceptedCount(String body) {
    int at = body.indexOf("\"accepted\":");
    if (at < 0) {
      return 0;
    }
    int from = at + "\"accepted\":".length();
    int to = from;
    while (to < body.length() && Character.isDigit(body.charAt(to))) {
      to++;
    }
    return Long.parseLong(body.substring(from, to));
  }
}
