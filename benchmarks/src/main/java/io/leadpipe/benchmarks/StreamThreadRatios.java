package io.leadpipe.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * How a service's stream threads spend their loop while a phase runs: Kafka Streams' own thread
 * metrics {@code poll-ratio}, {@code process-ratio}, {@code punctuate-ratio} and {@code
 * commit-ratio} (each the share of the thread's last loop iteration), read from the service's
 * Prometheus endpoint every {@link #EVERY} and averaged over the threads of one application.
 */
final class StreamThreadRatios implements AutoCloseable {

  /** The loop's parts, as Kafka Streams names its thread metrics. */
  static final List<String> PARTS = List.of("poll", "process", "punctuate", "commit");

  // Often enough for a window of ten seconds; each scrape renders every metric of the service.
  private static final Duration EVERY = Duration.ofMillis(500);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  private static final String METRIC_PREFIX = "kafka_stream_thread_";
  private static final String METRIC_SUFFIX = "_ratio";

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI prometheus;
  private final String application;
  private final Map<String, double[]> sums = new LinkedHashMap<>();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

  /**
   * @param service the service's base URI
   * @param application the Streams application id its threads' ids begin with
   */
  StreamThreadRatios(URI service, String application) {
    this.prometheus = service.resolve("/prometheus");
    this.application = application;
    PARTS.forEach(part -> sums.put(part, new double[2]));
    sampler.scheduleAtFixedRate(this::sample, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Each part's mean share of the loop over the samples so far (NaN when none was read). */
  synchronized Map<String, Double> means() {
    Map<String, Double> means = new LinkedHashMap<>();
    sums.forEach((part, sum) -> means.put(part, sum[1] == 0 ? Double.NaN : sum[0] / sum[1]));
    return means;
  }

  private void sample() {
    String body;
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(prometheus).timeout(REQUEST_TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return;
      }
      body = response.body();
    } catch (IOException e) {
      return; // a sample missed; the mean is over the others
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Map<String, Double> shares = shares(body, application);
    synchronized (this) {
      shares.forEach(
          (part, share) -> {
            double[] sum = sums.get(part);
            sum[0] += share;
            sum[1]++;
          });
    }
  }

  /**
   * One scrape's loop shares of {@code application}'s stream threads, each part's mean over its
   * threads; a part no thread reported (yet) is left out. Lines look like {@code
   * kafka_stream_thread_poll_ratio{...,thread_id="<application>-<uuid>-StreamThread-1",} 0.25}.
   */
  static Map<String, Double> shares(String exposition, String application) {
    // A thread's id is the application id, the client's UUID and the thread's name: one
    // application's id may begin another's.
    Pattern thread =
        Pattern.compile(
            "thread_id=\"" + Pattern.quote(application) + "-[0-9a-f-]{36}-StreamThread-[0-9]+\"");
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (String line : exposition.split("\n")) {
      int labels = line.indexOf('{');
      if (!line.startsWith(METRIC_PREFIX) || labels < 0 || !thread.matcher(line).find()) {
        continue;
      }
      String name = line.substring(METRIC_PREFIX.length(), labels);
      if (!name.endsWith(METRIC_SUFFIX)) {
        continue;
      }
      String part = name.substring(0, name.length() - METRIC_SUFFIX.length());
      double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      if (PARTS.contains(part) && !Double.isNaN(value)) {
        double[] sum = sums.computeIfAbsent(part, p -> new double[2]);
        sum[0] += value;
        sum[1]++;
      }
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    sums.forEach((part, sum) -> shares.put(part, sum[0] / sum[1]));
    return shares;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
