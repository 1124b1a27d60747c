package io.leadpipe.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.localstack.demo.DemoTraffic;
import io.leadpipe.localstack.service.LeadpipeService;
import io.leadpipe.schemas.common.ChannelConsent;
import io.leadpipe.schemas.common.ConsentStatus;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.common.Product;
import io.leadpipe.schemas.common.ReasonEvidence;
import io.leadpipe.schemas.common.Traits;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.profile.Activity;
import io.leadpipe.schemas.profile.FitScore;
import io.leadpipe.schemas.profile.Influence;
import io.leadpipe.schemas.profile.LeadTypes;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.profile.Rfm;
import io.leadpipe.schemas.profile.Score;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher end to end, on free ports and a temporary data directory, with the services built in
 * this reactor (scoring-stream too once it has its application).
 *
 * <p>First run (in this JVM): demo shoppers reach ingest, the web, social and identity topics fill,
 * and the notifier's signed webhook reaches the demo receiver and verifies. The test publishes the
 * hesitation (and a consenting profile) itself, playing scoring-stream's part, so the follow-up
 * path is proven whether or not this revision's scoring-stream detects hesitations.
 *
 * <p>Second run (as {@code bin/run-local} runs it: its own process, no terminal, SIGTERM to stop),
 * on the same data directory without demo traffic: every record is still there, schema ids are the
 * same, and the follow-ups still pending at the stop are delivered, none twice.
 */
class LocalStackIT {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration FLOW_TIMEOUT = Duration.ofMinutes(2);
  private static final String WEB_EVENTS_SUBJECT = Topics.WEB_EVENTS.name() + "-value";
  private static final List<Topic<?>> INGESTED =
      List.of(Topics.WEB_EVENTS, Topics.SOCIAL_EVENTS, Topics.IDENTITIES);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void
      demo_traffic_flows_follow_ups_arrive_signed_and_a_restart_in_the_background_keeps_everything()
          throws Exception {
    Path repoRoot = LocalStack.repoRoot();
    String services = services(repoRoot);
    String visitor = "it-visitor-" + UUID.randomUUID();
    Map<String, Long> endOffsets;
    int webEventsSchemaId;

    // Given the stack runs with demo shoppers
    LocalStack stack =
        new LocalStack(
            LaunchOptions.parse(args(services, "--rate", "10", "--seed", "3"), Map.of(), repoRoot),
            repoRoot,
            Clock.systemUTC());
    try {
      stack.start();
      int ingestPort = stack.options().port(LeadpipeService.INGEST);

      // Then ingest accepts their events and the contract topics fill
      await()
          .atMost(FLOW_TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> acceptedEvents(ingestPort) > 0);
      await()
          .atMost(FLOW_TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> endOffsets(stack.bootstrapServers()).values().stream().allMatch(n -> n > 0));
      assertThat(get(URI.create("http://localhost:" + ingestPort + "/demo/shop.html")).statusCode())
          .isEqualTo(200);

      // When a visitor who consented to e-mail adds to the cart and goes idle (through ingest;
      // scoring-stream
      // detects the hesitation with the demo windows), or, without scoring-stream, its output is
      // published
      if (services.contains("scoring")) {
        hesitateThroughIngest(ingestPort, visitor);
      } else {
        publishHesitation(stack, visitor);
      }

      // Then the notifier's first follow-up for that visitor reaches the demo receiver with a valid
      // signature
      // (demo shoppers' own follow-ups arrive too once scoring-stream detects their hesitations)
      await()
          .atMost(FLOW_TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  plays(
                          stack.webhooks().orElseThrow().recent().stream()
                              .map(f -> Map.entry(f.visitorId(), f.play()))
                              .toList(),
                          visitor)
                      .contains("REMINDER"));
      assertThat(stack.webhooks().orElseThrow().stats().rejected()).isZero();

      // When the stack stops (demo traffic first, so what is in Kafka can be counted)
      DemoTraffic demo = stack.demo().orElseThrow();
      demo.close();
      await()
          .atMost(FLOW_TIMEOUT)
          .until(
              () -> {
                DemoTraffic.Stats s = demo.stats();
                return s.accepted() + s.rejected() + s.failed() == s.sent();
              });
      assertThat(demo.stats().rejected()).as("ingest refused none of the demo's events").isZero();
      endOffsets = endOffsets(stack.bootstrapServers());
      webEventsSchemaId = schemaId(stack.schemaRegistryUrl());
    } finally {
      stack.close();
    }
    List<String> firstRunFollowUps =
        plays(
            stack.webhooks().orElseThrow().recent().stream()
                .map(f -> Map.entry(f.visitorId(), f.play()))
                .toList(),
            visitor);
    assertThat(firstRunFollowUps).startsWith("REMINDER");
    assertThat(stack.services().values()).allSatisfy(s -> assertThat(s.isAlive()).isFalse());
    assertThat(dataDir.resolve(LocalStack.PID_FILE)).doesNotExist();

    // And starts again in the background, as bin/run-local runs it, without demo traffic
    Path stdout = dataDir.resolve("second-run.out");
    Process second = launch(repoRoot, stdout, args(services, "--no-demo"));
    List<ProcessHandle> children = new ArrayList<>();
    try {
      await()
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                assertThat(second.isAlive())
                    .as("launcher alive; output:%n%s", read(stdout))
                    .isTrue();
                return read(stdout).contains("leadpipe is running");
              });
      String banner = read(stdout);
      second.toHandle().descendants().forEach(children::add);

      // Then every record and schema is still there
      assertThat(endOffsets(bannerValue(banner, "kafka"))).isEqualTo(endOffsets);
      assertThat(schemaId(bannerValue(banner, "schema registry").replace("/subjects", "")))
          .isEqualTo(webEventsSchemaId);

      // And the follow-ups still pending at the stop arrive, none twice
      URI receiver = URI.create(bannerValue(banner, "webhook receiver"));
      await()
          .atMost(FLOW_TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> received(receiver, visitor).contains("SURVEY"));
      List<String> all = new ArrayList<>(firstRunFollowUps);
      all.addAll(received(receiver, visitor));
      assertThat(all).containsExactly("REMINDER", "DISCOUNT_OFFER", "SURVEY");
      assertThat(banner).contains("demo traffic      off");

      // When it gets SIGTERM, it stops cleanly with its services
      second.destroy();
      assertThat(second.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
      assertThat(read(stdout)).contains("leadpipe stopped.");
      assertThat(children).isNotEmpty().allSatisfy(c -> assertThat(c.isAlive()).isFalse());
      assertThat(dataDir.resolve(LocalStack.PID_FILE)).doesNotExist();
    } finally {
      if (second.isAlive()) {
        second.destroyForcibly();
      }
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** ingest and notifier always; scoring-stream when this revision has built its application. */
  private static String services(Path repoRoot) {
    return LeadpipeService.SCORING.missingBuild(repoRoot).isEmpty()
        ? "ingest,scoring,notifier"
        : "ingest,notifier";
  }

  private String[] args(String services, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--data-dir",
                dataDir.toString(),
                "--services",
                services,
                "--kafka-port",
                "0",
                "--registry-port",
                "0",
                "--ingest-port",
                "0",
                "--scoring-port",
                "0",
                "--notifier-port",
                "0",
                "--webhook-port",
                "0",
                // Its follow-ups are asserted step by step: no holdout may take this visitor out.
                "--holdout",
                "0"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /**
   * The launcher as bin/run-local starts it: its build's classpath, stdin closed, output to a file.
   */
  private static Process launch(Path repoRoot, Path stdout, String[] args) throws IOException {
    Path module = repoRoot.resolve("local-stack");
    String classpath =
        module.resolve("target/classes")
            + File.pathSeparator
            + Files.readString(module.resolve("target/runtime-classpath.txt")).trim();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                LocalStack.class.getName()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(stdout.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    process.getOutputStream().close();
    return process;
  }

  /**
   * The real path: identify with e-mail consent, coupon searches (so the likely reason is PRICE and
   * the play a discount), then a cart add, as the snippet sends them — with a browser's user agent,
   * since events from robots (the JDK client's agent) never become hesitations.
   */
  private void hesitateThroughIngest(int ingestPort, String visitor) throws Exception {
    String body =
        """
        {"context":{"userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"},
         "batch":[
          {"type":"identify","userId":"%1$s","traits":{"email":"it@example.com","timezone":"Europe/Berlin",
            "consent":{"email":"granted"}}},
          {"type":"track","userId":"%1$s","event":"Coupon Searched","properties":{"query":"tent coupon"}},
          {"type":"track","userId":"%1$s","event":"Coupon Searched","properties":{"query":"discount code"}},
          {"type":"track","userId":"%1$s","event":"Product Added","properties":{"product_id":"tent-2p",
            "name":"Trail Tent 2P","category":"tents","price":249.0,"quantity":1,"currency":"EUR"}}]}"""
            .formatted(visitor);
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + ingestPort + "/v1/batch"))
                .header("Content-Type", "application/json")
                .header(
                    "Authorization",
                    "Basic "
                        + java.util.Base64.getEncoder()
                            .encodeToString(
                                "demo-write-key:"
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }

  private void publishHesitation(LocalStack stack, String visitor) {
    Map<String, Object> registry = Map.of("schema.registry.url", stack.schemaRegistryUrl());
    Instant now = Instant.now();
    ProspectProfile profile =
        ProspectProfile.newBuilder()
            .setVisitorId(visitor)
            .setUserId(visitor)
            .setFirstSeen(now)
            .setLastSeen(now)
            .setUpdatedAt(now)
            .setActivity(Activity.newBuilder().build())
            .setRfm(Rfm.newBuilder().build())
            .setTraits(
                Traits.newBuilder()
                    .setTimezone("Europe/Berlin")
                    .setConsent(
                        Map.of(
                            "email",
                            ChannelConsent.newBuilder()
                                .setStatus(ConsentStatus.GRANTED)
                                .setUpdatedAt(now)
                                .build()))
                    .build())
            .setEngagement(Score.newBuilder().setValue(40.0).build())
            .setFit(FitScore.newBuilder().build())
            .setInfluence(Influence.newBuilder().build())
            .setLeadTypes(LeadTypes.newBuilder().build())
            .build();
    Hesitation hesitation =
        Hesitation.newBuilder()
            .setHesitationId("it-" + UUID.randomUUID())
            .setVisitorId(visitor)
            .setUserId(visitor)
            .setKind(HesitationKind.CART_ABANDONED)
            .setStatus(HesitationStatus.DETECTED)
            .setStartedAt(now.minusSeconds(60))
            .setLastActivityAt(now.minusSeconds(30))
            .setDetectedAt(now)
            .setProducts(
                List.of(
                    Product.newBuilder()
                        .setProductId("tent-2p")
                        .setName("Trail Tent 2P")
                        .setPrice(249.0)
                        .setQuantity(1)
                        .build()))
            .setCartValue(249.0)
            .setCurrency("EUR")
            .setPrimaryReason(HesitationReason.PRICE)
            .setReasons(
                List.of(
                    ReasonEvidence.newBuilder()
                        .setReason(HesitationReason.PRICE)
                        .setConfidence(0.8)
                        .build()))
            .build();
    send(stack.bootstrapServers(), Topics.PROSPECT_PROFILES, registry, visitor, profile);
    send(stack.bootstrapServers(), Topics.HESITATIONS, registry, visitor, hesitation);
  }

  private static <V extends SpecificRecord> void send(
      String bootstrap, Topic<V> topic, Map<String, Object> registry, String key, V value) {
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new StringSerializer(),
            topic.valueSerde(registry).serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("Could not publish to " + topic.name(), e);
    }
  }

  /** Records per ingested topic (sum of the partitions' end offsets). */
  private static Map<String, Long> endOffsets(String bootstrap) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      return INGESTED.stream()
          .collect(
              Collectors.toMap(
                  Topic::name,
                  t -> {
                    List<TopicPartition> partitions =
                        consumer.partitionsFor(t.name()).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
                    return consumer.endOffsets(partitions).values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
                  }));
    }
  }

  private long acceptedEvents(int ingestPort) throws IOException, InterruptedException {
    String metrics = get(URI.create("http://localhost:" + ingestPort + "/prometheus")).body();
    return Math.round(
        metrics
            .lines()
            .filter(l -> l.startsWith("leadpipe_ingest_events_accepted_total"))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
            .sum());
  }

  private int schemaId(String registryUrl) throws IOException, InterruptedException {
    HttpResponse<String> latest =
        get(URI.create(registryUrl + "/subjects/" + WEB_EVENTS_SUBJECT + "/versions/latest"));
    assertThat(latest.statusCode()).isEqualTo(200);
    return json.readTree(latest.body()).path("id").asInt();
  }

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The plays a running demo receiver shows for {@code visitor}, oldest first. */
  private List<String> received(URI receiver, String visitor)
      throws IOException, InterruptedException {
    List<Map.Entry<String, String>> followUps = new ArrayList<>();
    json.readTree(get(receiver).body())
        .path("recent")
        .forEach(
            f -> followUps.add(Map.entry(f.path("visitorId").asText(), f.path("play").asText())));
    return plays(followUps, visitor);
  }

  private static List<String> plays(
      List<Map.Entry<String, String>> visitorAndPlay, String visitor) {
    return visitorAndPlay.stream()
        .filter(e -> e.getKey().equals(visitor))
        .map(Map.Entry::getValue)
        .toList();
  }

  /** A value from the launcher's banner, e.g. "kafka" → "127.0.0.1:40123". */
  private static String bannerValue(String banner, String label) {
    return banner
        .lines()
        .map(String::trim)
        .filter(l -> l.startsWith(label + " "))
        .map(l -> l.substring(label.length()).trim().split("\\s+")[0])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + label + " in the banner:\n" + banner));
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
