package io.leadpipe.ingest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.ingest.fuzz.PayloadFuzzer.Category;
import io.leadpipe.ingest.fuzz.PayloadFuzzer.Input;
import io.leadpipe.ingest.testing.IngestApp;
import io.leadpipe.ingest.testing.IngestClient;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Given the ingest service on the in-process broker, when thousands of seeded random and mutated
 * requests arrive from several clients at once (malformed JSON, wrong types, huge strings and
 * arrays, deep nesting, invalid UTF-8, control characters, far past and future timestamps, unknown
 * fields, oversized bodies, wrong content types, mixed batches), then every request gets a clear
 * answer — 200, or a 4xx with a problem+json body — never a hang, a connection closed without a
 * status or a 5xx; the valid events inside those requests land on their topics; the service leaks
 * no threads and is still healthy. Slow clients (a body a byte at a time, a request that stalls)
 * neither break it nor hold a worker.
 *
 * <p>Reproduce a failure with {@code -Dleadpipe.fuzz.seed=<seed>}; {@code
 * -Dleadpipe.fuzz.inputs=<n>} runs more.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class IngestFuzzIT {

  private static final long SEED = Long.getLong("leadpipe.fuzz.seed", 20_261_123L);
  private static final int INPUTS = Integer.getInteger("leadpipe.fuzz.inputs", 3_000);
  private static final int CLIENTS = 4;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(120);

  /**
   * Threads that may come and go legitimately (pooled HTTP client and I/O threads winding down).
   */
  private static final int THREAD_TOLERANCE = 12;

  /**
   * micronaut.server.idle-timeout for the stalled-client test (production keeps 5 min, see
   * application.yml).
   */
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);

  private static final ObjectMapper JSON = new ObjectMapper();

  private static KafkaTestEnvironment env;
  private static IngestApp app;
  private static ExecutorService clientThreads;
  private static HttpClient http;

  @BeforeAll
  static void start(KafkaTestEnvironment environment) {
    env = environment;
    // Generous Kafka timeouts: a 503 here would mean bad input was mistaken for an outage, so none
    // is allowed.
    app =
        IngestApp.start(
            env,
            Map.of(
                "leadpipe.ingest.producer.delivery-timeout", "60s",
                "leadpipe.ingest.producer.request-timeout", "20s",
                "leadpipe.ingest.producer.max-block", "20s"));
    clientThreads = Executors.newFixedThreadPool(CLIENTS);
    http = HttpClient.newBuilder().executor(clientThreads).connectTimeout(REQUEST_TIMEOUT).build();
    await().atMost(WAIT).until(() -> app.client().get("/health/readiness").statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    app.close();
    clientThreads.shutdownNow();
  }

  @Test
  void everyHostileInputGetsAClearAnswerAndTheValidEventsAmongThemLand() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    PayloadFuzzer fuzzer = new PayloadFuzzer(SEED, run);
    warmUp(fuzzer);
    int threadsBefore = liveThreads();

    AtomicInteger sent = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    Map<Category, Map<Integer, AtomicInteger>> answers = new ConcurrentHashMap<>();
    Map<String, Set<String>> mustLand = new ConcurrentHashMap<>();
    AtomicInteger validEvents = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      running.add(
          clients.submit(
              () -> {
                for (Input input = nextInput(fuzzer, sent);
                    input != null;
                    input = nextInput(fuzzer, sent)) {
                  Input current = input;
                  HttpResponse<String> response = send(current, failures);
                  if (response == null) {
                    continue;
                  }
                  answers
                      .computeIfAbsent(current.category(), k -> new ConcurrentHashMap<>())
                      .computeIfAbsent(response.statusCode(), k -> new AtomicInteger())
                      .incrementAndGet();
                  List<String> problems = check(current, response);
                  problems.forEach(
                      p ->
                          failures.add(
                              current.describe()
                                  + ": "
                                  + p
                                  + " — answer "
                                  + response.statusCode()
                                  + " "
                                  + abbreviate(response.body())));
                  if (problems.isEmpty() && response.statusCode() == 200) {
                    for (int i = 0; i < current.validMessageIds().size(); i++) {
                      mustLand
                          .computeIfAbsent(
                              current.validTopics().get(i), k -> ConcurrentHashMap.newKeySet())
                          .add(current.validMessageIds().get(i));
                      validEvents.incrementAndGet();
                    }
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : running) {
      f.get(30, TimeUnit.MINUTES);
    }
    clients.shutdown();

    String report =
        "seed "
            + SEED
            + ", "
            + sent.get()
            + " inputs tried; answers by category: "
            + tally(answers);
    System.out.println("[fuzz] " + report);
    assertThat(failures).as("inputs without a clear answer (%s)", report).isEmpty();

    // The valid events of every request answered 200 are on their topics.
    Map<String, Integer> found = new TreeMap<>();
    found.put(
        PayloadFuzzer.WEB_TOPIC,
        landed(
            Topics.WEB_EVENTS,
            mustLand.get(PayloadFuzzer.WEB_TOPIC),
            e -> ((io.leadpipe.schemas.web.WebEvent) e).getMessageId()));
    found.put(
        PayloadFuzzer.IDENTITY_TOPIC,
        landed(
            Topics.IDENTITIES,
            mustLand.get(PayloadFuzzer.IDENTITY_TOPIC),
            e -> ((io.leadpipe.schemas.identity.IdentityEvent) e).getMessageId()));
    found.put(
        PayloadFuzzer.SOCIAL_TOPIC,
        landed(
            Topics.SOCIAL_EVENTS,
            mustLand.get(PayloadFuzzer.SOCIAL_TOPIC),
            e -> ((io.leadpipe.schemas.social.SocialEvent) e).getMessageId()));
    int landed = found.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(
        "[fuzz] valid events acknowledged: %d, found on their topics: %d %s%n",
        validEvents.get(), landed, found);
    assertThat(landed)
        .as("valid events acknowledged vs found (%s)", report)
        .isEqualTo(validEvents.get());

    // No thread leak: once pooled threads idle out, the count is back near where it started.
    AtomicInteger threadsAfter = new AtomicInteger(liveThreads());
    await("live threads back to " + threadsBefore + " + " + THREAD_TOLERANCE)
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              threadsAfter.set(liveThreads());
              return threadsAfter.get() <= threadsBefore + THREAD_TOLERANCE;
            });
    System.out.printf(
        "[fuzz] live threads before %d, after %d (tolerance %d)%n",
        threadsBefore, threadsAfter.get(), THREAD_TOLERANCE);

    // Still healthy: ready, and a plain event is accepted.
    assertThat(app.client().get("/health/readiness").statusCode()).isEqualTo(200);
    Input after = fuzzer.validBatch(sent.get() + 1);
    assertThat(send(after, failures)).extracting(HttpResponse::statusCode).isEqualTo(200);
  }

  @Test
  void aClientSendingItsBodyAByteAtATimeIsAnsweredAndItsEventLands() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Input event = new PayloadFuzzer(SEED, run).validSingle(1, "track");
    try (SlowClient client = new SlowClient(app.server().getURL(), REQUEST_TIMEOUT)) {
      client.send(
          SlowClient.head("/v1/track", IngestClient.basic(IngestApp.WRITE_KEY), event.body().length)
              .getBytes(StandardCharsets.US_ASCII));
      // Each gap is below the read idle timeout, the whole body takes longer than it.
      client.trickle(event.body(), Duration.ofMillis(20));

      SlowClient.Answer answer = client.answer();
      assertThat(answer.status())
          .as(
              "answer to a %d-byte body sent a byte every 20 ms: %s",
              event.body().length, answer.head())
          .isEqualTo(200);
    }
    assertThat(
            landed(
                Topics.WEB_EVENTS,
                Set.copyOf(event.validMessageIds()),
                e -> ((io.leadpipe.schemas.web.WebEvent) e).getMessageId()))
        .isEqualTo(1);
  }

  @Test
  void stalledClientsHoldNoWorkerAndAreCutOffAfterTheIdleTimeout() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    PayloadFuzzer fuzzer = new PayloadFuzzer(SEED, run);
    int stalled = 24;
    List<SlowClient> clients = new ArrayList<>();
    try (IngestApp shortIdle =
        IngestApp.start(
            env, Map.of("micronaut.server.idle-timeout", IDLE_TIMEOUT.toSeconds() + "s"))) {
      // Given many clients that stop in the middle of a request: half in the body, half in the
      // headers
      for (int i = 0; i < stalled; i++) {
        SlowClient client = new SlowClient(shortIdle.server().getURL(), WAIT);
        clients.add(client);
        byte[] body = fuzzer.validSingle(i, "track").body();
        String head =
            SlowClient.head("/v1/track", IngestClient.basic(IngestApp.WRITE_KEY), body.length);
        if (i % 2 == 0) {
          client.send(head.getBytes(StandardCharsets.US_ASCII));
          client.send(java.util.Arrays.copyOf(body, body.length / 2));
        } else {
          client.send(head.substring(0, head.length() / 2).getBytes(StandardCharsets.US_ASCII));
        }
      }

      // When other clients post meanwhile, they are answered as usual: a stalled request holds no
      // worker
      for (int i = 0; i < 2 * CLIENTS; i++) {
        Input input = fuzzer.validBatch(stalled + i);
        HttpResponse<String> response =
            shortIdle
                .client()
                .post(
                    input.path(),
                    new String(input.body(), StandardCharsets.UTF_8),
                    IngestApp.WRITE_KEY);
        assertThat(response.statusCode())
            .as("answer while %d clients stall", stalled)
            .isEqualTo(200);
      }

      // Then each stalled connection is closed by the server once idle for the timeout, not kept
      // open forever
      int closed = 0;
      for (SlowClient client : clients) {
        SlowClient.Answer answer = client.answer();
        assertThat(answer.closedByServer() || answer.status() == 408)
            .as(
                "stalled client cut off (idle timeout %s, waited up to %s): %s",
                IDLE_TIMEOUT, WAIT, answer)
            .isTrue();
        closed++;
      }
      System.out.printf(
          "[fuzz] %d stalled connections cut off after the %s idle timeout%n",
          closed, IDLE_TIMEOUT);
    } finally {
      for (SlowClient client : clients) {
        client.close();
      }
    }
  }

  // ---- sending and checking
  // --------------------------------------------------------------------------------------

  private static synchronized Input nextInput(PayloadFuzzer fuzzer, AtomicInteger sent) {
    int number = sent.get() + 1;
    if (number > INPUTS) {
      return null;
    }
    sent.set(number);
    return fuzzer.next(number);
  }

  /**
   * Sends one input; a hang (timeout) or a connection closed without an answer is a failure, not a
   * response.
   */
  private static HttpResponse<String> send(Input input, ConcurrentLinkedQueue<String> failures) {
    HttpRequest request =
        HttpRequest.newBuilder(app.client().uri(input.path()))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", input.contentType())
            .header("Authorization", IngestClient.basic(IngestApp.WRITE_KEY))
            .POST(HttpRequest.BodyPublishers.ofByteArray(input.body()))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      failures.add(input.describe() + ": no answer within " + REQUEST_TIMEOUT);
    } catch (IOException e) {
      failures.add(input.describe() + ": connection failed without an answer: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.add(input.describe() + ": interrupted");
    }
    return null;
  }

  /** What is wrong with this answer to this input (empty = a clear, correct answer). */
  static List<String> check(Input input, HttpResponse<String> response) {
    List<String> problems = new ArrayList<>();
    int status = response.statusCode();
    Set<Integer> allowed = allowedStatuses(input.category());
    if (!allowed.contains(status)) {
      problems.add("status " + status + " not in " + allowed);
    }
    String body = response.body();
    if (body.contains("Exception") || body.contains("\tat ") || body.contains(".java:")) {
      problems.add("the body shows internals");
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      problems.add("the body is not JSON");
      return problems;
    }
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    if (status >= 400) {
      if (!contentType.startsWith("application/problem+json")) {
        problems.add("content type " + contentType + " instead of application/problem+json");
      }
      if (json == null
          || !json.path("type").asText().startsWith("https://leadpipe.io/problems/")
          || json.path("title").asText().isBlank()
          || json.path("status").asInt() != status) {
        problems.add("not a problem detail with type, title and status");
      }
      if (input.category() == Category.MALFORMED_JSON
          || input.category() == Category.INVALID_UTF8
          || input.category() == Category.RAW_CONTROL_CHARACTERS) {
        if (!json.path("type").asText().endsWith("/invalid-json")) {
          problems.add("type " + json.path("type").asText() + " instead of invalid-json");
        }
      }
      return problems;
    }
    if (status == 200) {
      int accepted = json.path("accepted").asInt(-1);
      int rejected = json.path("rejected").size();
      if (!json.path("success").asBoolean()
          || accepted < Math.max(1, input.validMessageIds().size())
          || accepted + rejected != input.batchSize()) {
        problems.add(
            "success answer does not account for the "
                + input.batchSize()
                + " event(s): accepted "
                + accepted
                + ", rejected "
                + rejected
                + ", valid sent "
                + input.validMessageIds().size());
      }
      json.path("rejected")
          .forEach(
              r -> {
                if (input.validMessageIds().contains(r.path("messageId").asText())) {
                  problems.add(
                      "valid event " + r.path("messageId").asText() + " was rejected: " + r);
                }
              });
    }
    return problems;
  }

  private static Set<Integer> allowedStatuses(Category category) {
    return switch (category) {
      case VALID, UNKNOWN_FIELDS, ESCAPED_CONTROL_CHARACTERS, MIXED_BATCH -> Set.of(200);
      case MALFORMED_JSON, INVALID_UTF8, RAW_CONTROL_CHARACTERS, NOT_AN_OBJECT -> Set.of(400);
      case WRONG_TYPES, EXTREME_TIMESTAMPS -> Set.of(200, 400);
      case HUGE_STRING, HUGE_ARRAY, DEEP_NESTING -> Set.of(200, 400, 413);
      case OVERSIZED_BODY -> Set.of(413);
      // A JSON body is read whatever Content-Type the client declares, as Segment's API does.
      case ANY_CONTENT_TYPE -> Set.of(200);
    };
  }

  private static void warmUp(PayloadFuzzer fuzzer) throws Exception {
    // Start every pooled thread the steady state uses (event loops, workers, client threads) before
    // counting.
    ExecutorService warm = Executors.newFixedThreadPool(CLIENTS);
    List<Future<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 8 * CLIENTS; i++) {
      Input input = fuzzer.validBatch(-1 - i);
      responses.add(warm.submit(() -> send(input, new ConcurrentLinkedQueue<>())));
    }
    for (Future<HttpResponse<String>> r : responses) {
      assertThat(r.get(2, TimeUnit.MINUTES)).extracting(HttpResponse::statusCode).isEqualTo(200);
    }
    warm.shutdown();
    assertThat(warm.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
  }

  private static int liveThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  /**
   * How many of {@code ids} are on the topic (waits until all are, or fails after {@link #WAIT}).
   */
  private static <V extends SpecificRecord> int landed(
      Topic<V> topic, Set<String> ids, Function<SpecificRecord, String> messageId) {
    if (ids == null || ids.isEmpty()) {
      return 0;
    }
    Set<String> found = ConcurrentHashMap.newKeySet();
    try {
      env.consumeUntil(
          topic.name(),
          IngestApp.keys(),
          app.deserializer(topic),
          records -> {
            records.forEach(
                r -> {
                  String id = messageId.apply(r.value());
                  if (ids.contains(id)) {
                    found.add(id);
                  }
                });
            records.clear(); // only the ids matter; the shared topic may be long
            return found.size() == ids.size();
          },
          WAIT);
    } catch (ConditionTimeoutException e) {
      // Reported as a count below: acknowledged vs found.
    }
    return found.size();
  }

  private static String tally(Map<Category, Map<Integer, AtomicInteger>> answers) {
    Map<Category, Map<Integer, Integer>> sorted = new EnumMap<>(Category.class);
    answers.forEach(
        (c, byStatus) -> {
          Map<Integer, Integer> counts = new TreeMap<>();
          byStatus.forEach((s, n) -> counts.put(s, n.get()));
          sorted.put(c, counts);
        });
    return sorted.toString();
  }

  private static String abbreviate(String body) {
    return body.length() <= 300 ? body : body.substring(0, 300) + "…";
  }
}
