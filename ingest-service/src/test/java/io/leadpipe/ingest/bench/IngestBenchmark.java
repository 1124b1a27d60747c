package io.leadpipe.ingest.bench;

import io.leadpipe.devkit.kafka.EmbeddedKafkaBroker;
import io.leadpipe.ingest.auth.SourceKind;
import io.leadpipe.ingest.event.MappedEvent;
import io.leadpipe.ingest.event.RequestMeta;
import io.leadpipe.ingest.testing.IngestClient;
import io.leadpipe.ingest.tracking.WebEventMapper;
import io.leadpipe.registry.server.DevSchemaRegistry;
import io.leadpipe.registry.server.DevSchemaRegistryConfig;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Benchmark harness (a main, not a test): accepted events/s on POST /v1/batch with concurrent
 * clients, next to the raw KafkaProducer rate for the same records (mapped once up front, sent by
 * the service's own producer bean, so serializer and settings are identical) in the same run; then
 * p50/p99 request latency at a fixed moderate rate. Broker, registry, service and load generator
 * share this machine.
 *
 * <p>Run: {@code mvn -pl ingest-service test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.leadpipe.ingest.bench.IngestBenchmark [-Dexec.args="events clients batch rate
 * seconds"]}
 */
public final class IngestBenchmark {

  private static final String KEY = "bench-key";
  private static final String UA =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
          + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
  private static final String[] NAMES = {
    "Product Viewed",
    "Product Added",
    "Checkout Started",
    "Review Read",
    "Coupon Searched",
    "Shipping Info Viewed",
    "Video Played"
  };

  /**
   * As many sending threads as the service has ingest workers (its default), so serialisation runs
   * as parallel.
   */
  private static final int RAW_THREADS = 4;

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    int fixedRequestsPerSecond = args.length > 3 ? Integer.parseInt(args[3]) : 50;
    int fixedSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
    int fixedBatch = 10;

    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder()
            .dataDir(Files.createTempDirectory("leadpipe-bench-"))
            .createCatalogueTopics(true)
            .build()
            .start();
    DevSchemaRegistry registry =
        DevSchemaRegistry.start(
            DevSchemaRegistryConfig.onKafka(
                broker.bootstrapServers(), DevSchemaRegistryConfig.ANY_FREE_PORT));
    Map<String, Object> props = new HashMap<>();
    props.put("micronaut.server.port", -1);
    props.put("kafka.bootstrap.servers", broker.bootstrapServers());
    props.put("leadpipe.schema-registry.url", registry.url());
    // Run as a main (no test environment): local mode, as the short bench key and the unset
    // demo-shop
    // key would stop a production start.
    props.put("leadpipe.mode", "local");
    props.put("leadpipe.ingest.sources.bench.write-key", KEY);
    props.put("leadpipe.ingest.rate-limit.enabled", false);
    props.put("micronaut.metrics.enabled", true);
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
      ApplicationContext context = server.getApplicationContext();
      @SuppressWarnings("unchecked")
      KafkaProducer<String, SpecificRecord> producer = context.getBean(KafkaProducer.class);
      WebEventMapper mapper = context.getBean(WebEventMapper.class);
      URI batchUri = URI.create(server.getURL() + "/v1/batch");

      System.out.printf(
          "machine: %d cores, Java %s; events=%d clients=%d batch=%d%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"),
          events,
          clients,
          batchSize);

      // Warm-up (JIT, schema registration, connections), not measured.
      httpThroughput(batchUri, bodies(events / 5, batchSize), clients);
      rawThroughput(producer, records(mapper, events / 5), RAW_THREADS);

      List<ProducerRecord<String, SpecificRecord>> records = records(mapper, events);
      double rawOneThread = rawThroughput(producer, records, 1);
      double rawThreads = rawThroughput(producer, records, RAW_THREADS);
      double raw = Math.max(rawOneThread, rawThreads);
      double http = httpThroughput(batchUri, bodies(events, batchSize), clients);
      System.out.printf(
          "raw KafkaProducer (same records), 1 sending thread: %,.0f events/s%n", rawOneThread);
      System.out.printf(
          "raw KafkaProducer (same records), %d sending threads: %,.0f events/s%n",
          RAW_THREADS, rawThreads);
      System.out.printf(
          "POST /v1/batch, %d clients x %d events: %,.0f accepted events/s (%.2f of the best raw rate)%n",
          clients, batchSize, http, http / raw);

      long[] latencies = fixedRate(batchUri, fixedRequestsPerSecond, fixedSeconds, fixedBatch);
      System.out.printf(
          "fixed rate %d req/s x %d events (%d events/s) for %d s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d requests)%n",
          fixedRequestsPerSecond,
          fixedBatch,
          fixedRequestsPerSecond * fixedBatch,
          fixedSeconds,
          percentile(latencies, 0.50),
          percentile(latencies, 0.99),
          percentile(latencies, 1.0),
          latencies.length);
    } finally {
      registry.close();
      broker.close();
    }
    System.exit(0);
  }

  private static String event(int i) {
    String visitor = "v-" + (i % 5_000);
    String name = NAMES[i % NAMES.length];
    return """
        {"type":"track","messageId":"%s","anonymousId":"%s","event":"%s","timestamp":"%s",
         "properties":{"product_id":"sku-%d","name":"Trail Tent","category":"tents","price":249.0,"currency":"EUR","quantity":1},
         "context":{"userAgent":"%s","ip":"203.0.113.%d","locale":"de-DE","timezone":"Europe/Berlin",
                    "library":{"name":"leadpipe.js","version":"1.0.0"},
                    "page":{"url":"https://shop.example/p/tent?utm_source=insta","path":"/p/tent","title":"Trail Tent"}}}"""
        .formatted(UUID.randomUUID(), visitor, name, Instant.now(), i % 300, UA, i % 250);
  }

  private static List<byte[]> bodies(int events, int batchSize) {
    List<byte[]> bodies = new ArrayList<>();
    for (int start = 0; start < events; start += batchSize) {
      StringBuilder body =
          new StringBuilder("{\"sentAt\":\"").append(Instant.now()).append("\",\"batch\":[");
      for (int i = start; i < Math.min(events, start + batchSize); i++) {
        body.append(i > start ? "," : "").append(event(i));
      }
      bodies.add(body.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    }
    return bodies;
  }

  private static List<ProducerRecord<String, SpecificRecord>> records(
      WebEventMapper mapper, int events) {
    RequestMeta meta =
        new RequestMeta(
            "bench", SourceKind.SERVER, "/v1/batch", Instant.now(), "127.0.0.1", null, null, null);
    List<ProducerRecord<String, SpecificRecord>> records = new ArrayList<>(events);
    for (int i = 0; i < events; i++) {
      String json = event(i);
      MappedEvent.Accepted a =
          (MappedEvent.Accepted)
              mapper.track(
                  io.leadpipe.ingest.testing.Mappers.json(json),
                  i,
                  json.getBytes(StandardCharsets.UTF_8),
                  meta);
      records.add(new ProducerRecord<>(a.topic().name(), a.key(), a.value()));
    }
    return records;
  }

  /**
   * Sends every record as fast as the producer takes them (from {@code threads} threads) and waits
   * for every ack.
   */
  private static double rawThroughput(
      KafkaProducer<String, SpecificRecord> producer,
      List<ProducerRecord<String, SpecificRecord>> records,
      int threads)
      throws InterruptedException {
    CountDownLatch acked = new CountDownLatch(records.size());
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      pool.execute(
          () -> {
            int i;
            while ((i = next.getAndIncrement()) < records.size()) {
              producer.send(
                  records.get(i),
                  (m, e) -> {
                    if (e != null) {
                      failed.incrementAndGet();
                    }
                    acked.countDown();
                  });
            }
          });
    }
    acked.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " raw sends failed");
    }
    return records.size() / seconds;
  }

  /** {@code clients} threads post the batches one after another; counts events in 200 answers. */
  private static double httpThroughput(URI uri, List<byte[]> bodies, int clients) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
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
                  HttpResponse<String> response = send(http, uri, bodies.get(i));
                  if (response.statusCode() == 200) {
                    accepted.addAndGet(IngestClient.json(response).get("accepted").asLong());
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
    if (failures.get() > 0) {
      System.out.printf("  (%d requests not accepted)%n", failures.get());
    }
    return accepted.get() / seconds;
  }

  /**
   * Open loop: a request every 1/rate s regardless of answers; latency per request in microseconds.
   */
  private static long[] fixedRate(URI uri, int perSecond, int seconds, int batch) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<byte[]> bodies = bodies(perSecond * seconds * batch, batch);
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    CountDownLatch finished = new CountDownLatch(bodies.size());
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    ticker.scheduleAtFixedRate(
        () -> {
          int i = next.getAndIncrement();
          if (i >= bodies.size()) {
            return;
          }
          long start = System.nanoTime();
          http.sendAsync(request(uri, bodies.get(i)), HttpResponse.BodyHandlers.ofString())
              .whenComplete(
                  (r, e) -> {
                    if (e != null || r.statusCode() != 200) {
                      failures.incrementAndGet();
                    }
                    latencies.add((System.nanoTime() - start) / 1_000);
                    finished.countDown();
                  });
        },
        0,
        1_000_000 / perSecond,
        TimeUnit.MICROSECONDS);
    finished.await(seconds * 3L, TimeUnit.SECONDS);
    ticker.shutdownNow();
    if (failures.get() > 0) {
      System.out.printf("  (%d fixed-rate requests not accepted)%n", failures.get());
    }
    return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  private static double percentile(long[] sortedMicros, double p) {
    if (sortedMicros.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sortedMicros.length - 1, Math.ceil(p * sortedMicros.length) - 1);
    return sortedMicros[Math.max(0, index)] / 1000.0;
  }

  private static HttpRequest request(URI uri, byte[] body) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("Authorization", IngestClient.basic(KEY))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private static HttpResponse<String> send(HttpClient http, URI uri, byte[] body) {
    try {
      return http.send(request(uri, body), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
