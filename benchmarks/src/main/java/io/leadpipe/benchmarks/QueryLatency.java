package io.leadpipe.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * Latency of the scoring service's query API as a dashboard sees it: sequential GETs (one at a
 * time, so each figure is the service's own time, not queueing behind the client's other requests),
 * after a warm-up. The harness starts the service without read tokens (local mode), so requests
 * carry no credentials. A time budget per endpoint keeps slow endpoints from stretching the run:
 * fewer samples are then taken, and the count says so.
 */
final class QueryLatency {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /**
   * @param micros latency of each 2xx answer, sorted
   * @param failed answers that were not 2xx (or no answer)
   */
  record Result(String path, long[] micros, int failed) {}

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI service;

  QueryLatency(URI service) {
    this.service = service;
  }

  Result measure(String path, int warmUp, int requests, Duration budget)
      throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(service.resolve(path)).timeout(REQUEST_TIMEOUT).GET().build();
    for (int i = 0; i < warmUp; i++) {
      send(request);
    }
    long[] micros = new long[requests];
    int ok = 0;
    int failed = 0;
    long deadline = System.nanoTime() + budget.toNanos();
    for (int i = 0; i < requests && System.nanoTime() < deadline; i++) {
      long start = System.nanoTime();
      int status = send(request);
      long took = (System.nanoTime() - start) / 1_000;
      if (status / 100 == 2) {
        micros[ok++] = took;
      } else {
        failed++;
      }
    }
    long[] measured = Arrays.copyOf(micros, ok);
    Arrays.sort(measured);
    return new Result(path, measured, failed);
  }

  /** The answer's status once its whole body is read; 0 when there was no answer. */
  private int send(HttpRequest request) throws InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
    } catch (IOException e) {
      return 0;
    }
  }
}
