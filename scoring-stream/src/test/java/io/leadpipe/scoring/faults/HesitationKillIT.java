package io.leadpipe.scoring.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.hesitation.DetectionRules;
import io.leadpipe.hesitation.Events;
import io.leadpipe.hesitation.HesitationConfig;
import io.leadpipe.hesitation.HesitationTopology;
import io.leadpipe.hesitation.HesitationsReader;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.hesitation.HesitationStatus;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hesitation detection (a child JVM, exactly_once_v2, windows of seconds) is killed with kill -9
 * after some hesitations were detected and while input still arrives and timers are pending, then
 * restarted on the same state directory. Every hesitation the undisturbed topology
 * (TopologyTestDriver, same input, same windows) detects must be read exactly once by a
 * read_committed subscriber: none lost (a timer due while nobody ran fires after the restart), none
 * twice (a detection committed before the kill is not repeated; one in the killed transaction is
 * redone once).
 *
 * <p>Each visitor leaves a cart with a single event, so what is detected does not depend on how the
 * backlog after the restart is batched against the wall-clock ticks; only when it is detected does
 * (not compared).
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class HesitationKillIT {

  private static final int VISITORS = 120;
  private static final Duration IDLE = Duration.ofSeconds(12);
  private static final Duration TICK = Duration.ofMillis(250);

  /**
   * The carts are left over about this long, so the kill lands while input arrives and timers are
   * pending.
   */
  private static final Duration FEED_DURATION = Duration.ofSeconds(24);

  private static final int FEED_BATCH = 10;
  private static final Duration PATIENCE = Duration.ofMinutes(4);

  @Test
  void killedDetectionRestartedOnItsStateEmitsEveryHesitationExactlyOnce(KafkaTestEnvironment env)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String applicationId = "faults-hesitation-kill-" + run;
    Path stateDir = Files.createTempDirectory("faults-hesitation-state");
    BrokerView broker = new BrokerView(env);
    String web = Topics.WEB_EVENTS.name();

    ScoringProcess process = null;
    try (HesitationsReader reader =
        new HesitationsReader(
            env.bootstrapServers(),
            env.registryConfig(),
            key -> key != null && key.startsWith("hk-" + run + "-"))) {
      process =
          ScoringProcess.start(
                  env,
                  "hesitation-kill-" + run + "-a",
                  applicationId + "-scoring",
                  stateDir,
                  properties(applicationId, stateDir))
              .awaitReady();
      List<WebEvent> carts = carts(run, Instant.now().truncatedTo(ChronoUnit.MILLIS));
      CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> feed(env, carts));

      // Kill once a quarter of the hesitations were detected (committed), while later carts still
      // arrive.
      await("a quarter of the hesitations detected")
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> reader.received().size() >= VISITORS / 4);
      process.kill();
      int detectedAtKill = reader.received().size();
      boolean feedRunningAtKill = !feeding.isDone();

      feeding.get(2, TimeUnit.MINUTES);
      process =
          ScoringProcess.start(
                  env,
                  "hesitation-kill-" + run + "-b",
                  applicationId + "-scoring",
                  stateDir,
                  properties(applicationId, stateDir))
              .awaitReady();
      Map<String, Hesitation> reference = reference(carts);
      await("every hesitation detected after the restart")
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> ids(reader).containsAll(reference.keySet()));
      // Input fully read and committed, and a few commit intervals later still nothing more.
      await("detection caught up with the input")
          .atMost(PATIENCE)
          .until(() -> broker.caughtUp(applicationId, web));
      int settled = reader.received().size();
      await("no late copies")
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(() -> reader.received().size() == settled);

      Map<String, Long> emitted =
          reader.received().stream()
              .map(r -> r.hesitation().getHesitationId())
              .collect(
                  Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
      long lost = reference.keySet().stream().filter(id -> !emitted.containsKey(id)).count();
      long duplicates = emitted.values().stream().mapToLong(n -> n - 1).sum();
      long unexpected = emitted.keySet().stream().filter(id -> !reference.containsKey(id)).count();
      long differing =
          reader.received().stream()
              .map(r -> Detected.of(r.hesitation()))
              .filter(
                  h ->
                      reference.containsKey(h.id())
                          && !h.equals(Detected.of(reference.get(h.id()))))
              .count();
      System.out.println(
          "[hesitation-kill] visitors="
              + VISITORS
              + ", reference hesitations="
              + reference.size()
              + ", detected before the kill="
              + detectedAtKill
              + " (input still arriving: "
              + feedRunningAtKill
              + ")"
              + ", emitted after restart="
              + (reader.received().size() - detectedAtKill)
              + ", lost="
              + lost
              + ", duplicates="
              + duplicates
              + ", unexpected="
              + unexpected
              + ", differing from reference="
              + differing);

      assertThat(reference).hasSize(VISITORS);
      assertThat(detectedAtKill).as("the kill must land mid-run").isLessThan(VISITORS);
      assertThat(lost).as("lost").isZero();
      assertThat(duplicates).as("duplicates").isZero();
      assertThat(unexpected).as("not in the reference").isZero();
      assertThat(differing).as("kind, status or reasons differing from the reference").isZero();
    } finally {
      if (process != null) {
        process.close();
      }
    }
  }

  /**
   * What is compared: when a hesitation is detected depends on the wall clock, what is detected
   * must not.
   */
  private record Detected(
      String id,
      String visitor,
      String kind,
      HesitationStatus status,
      String reason,
      Instant lastActivityAt) {
    static Detected of(Hesitation h) {
      return new Detected(
          h.getHesitationId(),
          h.getVisitorId(),
          h.getKind().name(),
          h.getStatus(),
          String.valueOf(h.getPrimaryReason()),
          h.getLastActivityAt());
    }
  }

  /**
   * One cart per visitor; event times follow the feed's pacing, so every window ends at a different
   * moment.
   */
  private static List<WebEvent> carts(String run, Instant start) {
    List<WebEvent> carts = new ArrayList<>();
    for (int i = 0; i < VISITORS; i++) {
      Instant at = start.plusMillis(FEED_DURATION.toMillis() * i / VISITORS);
      carts.add(new Events("hk-" + run + "-" + i).add(Events.SHOE, at));
    }
    return carts;
  }

  private static Set<String> ids(HesitationsReader reader) {
    return reader.received().stream()
        .map(r -> r.hesitation().getHesitationId())
        .collect(Collectors.toSet());
  }

  private static Map<String, String> properties(String applicationId, Path stateDir) {
    String idle = IDLE.toMillis() + "ms";
    return Map.ofEntries(
        Map.entry("leadpipe.hesitations.enabled", "true"),
        Map.entry("leadpipe.hesitations.tick", TICK.toMillis() + "ms"),
        Map.entry("leadpipe.hesitations.cart-idle", idle),
        Map.entry("leadpipe.hesitations.checkout-idle", idle),
        Map.entry("leadpipe.hesitations.browse-idle", idle),
        Map.entry("leadpipe.hesitations.price-watching-idle", idle),
        Map.entry("leadpipe.hesitations.streams.application-id", applicationId),
        Map.entry("leadpipe.hesitations.streams.state-dir", stateDir.toAbsolutePath().toString()),
        Map.entry(
            "leadpipe.hesitations.streams.properties.main.consumer.session.timeout.ms",
            String.valueOf(ScoringProcess.SESSION_TIMEOUT_MS)));
  }

  /**
   * The same topology, undisturbed, on a TopologyTestDriver: every cart, then the wall clock past
   * every window.
   */
  private static Map<String, Hesitation> reference(List<WebEvent> carts) {
    Map<String, Object> registry =
        Map.of("schema.registry.url", "mock://hesitation-kill-" + UUID.randomUUID());
    HesitationConfig config =
        HesitationConfig.defaults()
            .withDetection(DetectionRules.defaults().withIdle(IDLE))
            .withTick(TICK);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "hesitation-kill-reference");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    try {
      props.put(
          StreamsConfig.STATE_DIR_CONFIG,
          Files.createTempDirectory("hesitation-kill-reference").toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            new HesitationTopology(config, registry, BuiltInDslStoreSuppliers.IN_MEMORY).build(),
            props,
            carts.get(0).getEventTime())) {
      var in =
          driver.createInputTopic(
              Topics.WEB_EVENTS.name(),
              new StringSerializer(),
              Topics.WEB_EVENTS.valueSerde(registry).serializer());
      var out =
          driver.createOutputTopic(
              Topics.HESITATIONS.name(),
              new StringDeserializer(),
              Topics.HESITATIONS.valueSerde(registry).deserializer());
      for (WebEvent cart : carts) {
        in.pipeInput(cart.getAnonymousId(), cart, cart.getEventTime());
      }
      for (int step = 0; step < 4; step++) {
        driver.advanceWallClockTime(FEED_DURATION.plus(IDLE));
      }
      return out.readValuesToList().stream()
          .collect(
              Collectors.toMap(Hesitation::getHesitationId, h -> h, (a, b) -> a, TreeMap::new));
    }
  }

  /** Sends each cart at its event time (as a shopper would), keyed as ingest keys them. */
  private static void feed(KafkaTestEnvironment env, List<WebEvent> carts) {
    try (KafkaProducer<String, WebEvent> producer =
        env.producer(
            new StringSerializer(),
            Topics.WEB_EVENTS.valueSerde(env.registryConfig()).serializer())) {
      for (int i = 0; i < carts.size(); i++) {
        WebEvent e = carts.get(i);
        producer.send(
            new ProducerRecord<>(
                Topics.WEB_EVENTS.name(),
                null,
                e.getEventTime().toEpochMilli(),
                e.getAnonymousId(),
                e));
        if ((i + 1) % FEED_BATCH == 0) {
          producer.flush();
          long wait =
              Duration.between(
                      Instant.now(), carts.get(Math.min(i + 1, carts.size() - 1)).getEventTime())
                  .toMillis();
          if (wait > 0) {
            Thread.sleep(wait);
          }
        }
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
