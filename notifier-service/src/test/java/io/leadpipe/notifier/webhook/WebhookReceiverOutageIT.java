package io.leadpipe.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.notifier.testing.ConsumerGroups;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.webhook.WebhookSigner;
import io.leadpipe.webhook.WebhookVerifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Given two webhook receivers that verify every signature, when both go down (connection refused)
 * while follow-ups keep coming and come back after a while, then the endpoint whose retry budget
 * outlasts the outage gets everything, in order per visitor, with no dead letter; the endpoint
 * whose budget is shorter dead-letters exactly the triggers it could not deliver, each after its
 * full budget of attempts. "Minutes" are compressed: a budget of many short backoffs outlasts a few
 * seconds of outage the way the default one outlasts minutes.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class WebhookReceiverOutageIT {

  private static final int VISITORS = 6;
  private static final int STEPS_BEFORE = 2;
  private static final int STEPS_DURING = 2;

  /**
   * Failed attempts crm must have seen before the receivers come back: the outage, in attempts
   * rather than time.
   */
  private static final int FAILED_ATTEMPTS_TO_SEE = 30;

  private static final Duration WAIT = Duration.ofSeconds(120);

  /**
   * 120 attempts, waits of up to 250 ms: about 15 s of retrying per trigger, well beyond the
   * outage.
   */
  private static final int PATIENT_ATTEMPTS = 120;

  private static final int IMPATIENT_ATTEMPTS = 3;

  /**
   * A receiver that verifies signatures like a real one, and can be down for a while on the same
   * address.
   */
  static final class Receiver implements AutoCloseable {
    private final WebhookVerifier verifier;
    private final int port;
    private HttpServer server;

    /** First successful delivery of each trigger, in arrival order. */
    final List<String> deliveredInOrder = new CopyOnWriteArrayList<>();

    final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    final List<WebhookVerifier.Result> verdicts = new CopyOnWriteArrayList<>();

    Receiver(String secret) throws IOException {
      verifier = new WebhookVerifier(secret, Duration.ofMinutes(5), Clock.systemUTC());
      server = serve(0);
      port = server.getAddress().getPort();
    }

    private HttpServer serve(int onPort) throws IOException {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
      s.createContext(
          "/hook",
          exchange -> {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = exchange.getRequestHeaders().getFirst(WebhookSigner.IDEMPOTENCY_HEADER);
            WebhookVerifier.Result verdict =
                verifier.verify(
                    body, exchange.getRequestHeaders().getFirst(WebhookSigner.SIGNATURE_HEADER));
            verdicts.add(verdict);
            int status = verdict == WebhookVerifier.Result.VALID ? 204 : 401;
            if (status == 204
                && accepted.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() == 1) {
              deliveredInOrder.add(key); // a receiver dedupes on the Idempotency-Key
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
          });
      s.start();
      return s;
    }

    void goDown() {
      server.stop(0);
    }

    void comeBack() throws IOException {
      server = serve(port);
    }

    String url() {
      return "http://127.0.0.1:" + port + "/hook";
    }

    int duplicates() {
      return accepted.values().stream().mapToInt(n -> n.get() - 1).sum();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  @Test
  void everythingIsDeliveredInOrderOnceTheReceiverIsBackAndDeadLettersOnlyAfterTheBudget(
      KafkaTestEnvironment env) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String appId = "notifier-outage-" + run;
    Map<String, Integer> mostAttempts = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> failedAttempts = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> gaveUp = new ConcurrentHashMap<>();
    WebhookSender real = WebhookDispatchers.defaultSender();
    // The real HTTP sender, counting the attempts that reached no receiver, per endpoint URL.
    WebhookSender counting =
        (url, body, headers, timeout) -> {
          try {
            return real.post(url, body, headers, timeout);
          } catch (IOException e) {
            failedAttempts.computeIfAbsent(url, k -> new AtomicInteger()).incrementAndGet();
            throw e;
          }
        };
    try (Receiver crm = new Receiver("crm-secret");
        Receiver legacy = new Receiver("legacy-secret");
        KafkaProducer<String, FollowupTrigger> producer =
            env.producer(
                Topics.FOLLOWUP_TRIGGERS.keySerde().serializer(),
                Topics.FOLLOWUP_TRIGGERS.valueSerde(env.registryConfig()).serializer())) {
      WebhookEndpoint patient =
          new WebhookEndpoint(
              "crm",
              crm.url(),
              "crm-secret",
              PATIENT_ATTEMPTS,
              Duration.ofMillis(50),
              Duration.ofMillis(250),
              3,
              Duration.ofSeconds(5));
      WebhookEndpoint impatient =
          new WebhookEndpoint(
              "legacy",
              legacy.url(),
              "legacy-secret",
              IMPATIENT_ATTEMPTS,
              Duration.ofMillis(50),
              Duration.ofMillis(100),
              3,
              Duration.ofSeconds(5));
      ConsumerGroups.startAtTheEnd(
          env,
          Topics.FOLLOWUP_TRIGGERS.name(),
          List.of(
              EndpointDispatcher.groupId(appId, patient),
              EndpointDispatcher.groupId(appId, impatient)));
      try (WebhookDispatchers dispatchers =
          new WebhookDispatchers(
              List.of(patient, impatient),
              env.bootstrapServers(),
              appId,
              env.registryConfig(),
              counting,
              Clock.systemUTC(),
              (endpoint, outcome) -> {
                mostAttempts.merge(endpoint, outcome.attempts(), Math::max);
                if (!outcome.delivered()) {
                  gaveUp.computeIfAbsent(endpoint, k -> new AtomicInteger()).incrementAndGet();
                }
              })) {
        dispatchers.start();

        // Given follow-ups delivered while the receivers are up
        Map<String, List<String>> sequenceOf = new LinkedHashMap<>();
        publish(producer, run, 1, STEPS_BEFORE, sequenceOf);
        await()
            .atMost(WAIT)
            .until(
                () ->
                    crm.deliveredInOrder.size() == VISITORS * STEPS_BEFORE
                        && legacy.deliveredInOrder.size() == VISITORS * STEPS_BEFORE);

        // When both receivers go down and more follow-ups come during the outage
        crm.goDown();
        legacy.goDown();
        Instant down = Instant.now();
        publish(producer, run, STEPS_BEFORE + 1, STEPS_DURING, sequenceOf);
        // ... and stay down until crm has retried many times and legacy has given up on what it
        // could not deliver
        await("the outage")
            .atMost(WAIT)
            .until(
                () ->
                    failedAttempts.getOrDefault(crm.url(), new AtomicInteger()).get()
                            >= FAILED_ATTEMPTS_TO_SEE
                        && gaveUp.getOrDefault("legacy", new AtomicInteger()).get()
                            == VISITORS * STEPS_DURING);
        int crmFailures = failedAttempts.get(crm.url()).get();
        crm.comeBack();
        legacy.comeBack();
        Duration outage = Duration.between(down, Instant.now());

        // Then the patient endpoint gets every follow-up once back ...
        List<String> all = sequenceOf.values().stream().flatMap(List::stream).toList();
        await("every follow-up delivered to crm")
            .atMost(WAIT)
            .until(() -> crm.deliveredInOrder.containsAll(all));
        // ... in each visitor's order
        Map<String, List<String>> receivedBy = new TreeMap<>();
        for (String id : crm.deliveredInOrder) {
          receivedBy.computeIfAbsent(visitorOf(id), k -> new ArrayList<>()).add(id);
        }
        long outOfOrder =
            sequenceOf.entrySet().stream()
                .filter(e -> !e.getValue().equals(receivedBy.get(e.getKey())))
                .count();

        // And dead letters come only from the endpoint whose budget the outage outlasted, after all
        // its attempts
        List<DeadLetter> deadLetters = deadLetters(env, run);
        Map<String, List<DeadLetter>> bySource =
            deadLetters.stream()
                .collect(
                    Collectors.groupingBy(d -> d.getSource(), TreeMap::new, Collectors.toList()));
        List<DeadLetter> crmLetters = bySource.getOrDefault("webhook:crm", List.of());
        List<DeadLetter> legacyLetters = bySource.getOrDefault("webhook:legacy", List.of());
        Set<String> sentDuringOutage =
            sequenceOf.values().stream()
                .flatMap(ids -> ids.subList(STEPS_BEFORE, STEPS_BEFORE + STEPS_DURING).stream())
                .collect(Collectors.toSet());

        String figures =
            String.format(
                "outage %d s (%d failed crm attempts); follow-ups %d, delivered to crm %d "
                    + "(duplicates %d, out of order %d "
                    + "visitors, most attempts for one %d of %d), crm dead letters %d; legacy dead letters %d of %d sent "
                    + "during the outage (budget %d attempts), legacy delivered %d; signatures %s",
                outage.toSeconds(),
                crmFailures,
                all.size(),
                crm.deliveredInOrder.size(),
                crm.duplicates(),
                outOfOrder,
                mostAttempts.getOrDefault("crm", 0),
                PATIENT_ATTEMPTS,
                crmLetters.size(),
                legacyLetters.size(),
                sentDuringOutage.size(),
                IMPATIENT_ATTEMPTS,
                legacy.deliveredInOrder.size(),
                crm.verdicts.stream()
                    .collect(Collectors.groupingBy(v -> v, TreeMap::new, Collectors.counting())));
        System.out.println("[webhook-outage] " + figures);

        assertThat(crm.deliveredInOrder).as(figures).containsExactlyInAnyOrderElementsOf(all);
        assertThat(outOfOrder)
            .as("visitors whose follow-ups arrived out of order: " + figures)
            .isZero();
        assertThat(mostAttempts.getOrDefault("crm", 0))
            .as("the outage was felt by crm: " + figures)
            .isGreaterThan(1);
        assertThat(crmLetters).as("crm dead letters: " + figures).isEmpty();
        assertThat(legacyLetters)
            .as("legacy dead letters: " + figures)
            .extracting(d -> d.getDetails().get("triggerId"))
            .containsExactlyInAnyOrderElementsOf(sentDuringOutage);
        assertThat(legacyLetters)
            .allSatisfy(
                d ->
                    assertThat(d.getDetails())
                        .containsEntry("attempts", Integer.toString(IMPATIENT_ATTEMPTS))
                        .containsEntry("lastStatus", "0"));
        assertThat(crm.verdicts)
            .as("every request carried a valid, fresh signature")
            .containsOnly(WebhookVerifier.Result.VALID);
        assertThat(legacy.verdicts).containsOnly(WebhookVerifier.Result.VALID);
      }
    }
  }

  /**
   * Steps {@code first..first+count-1} for every visitor, each visitor's in order; records each
   * visitor's ids.
   */
  private static void publish(
      KafkaProducer<String, FollowupTrigger> producer,
      String run,
      int first,
      int count,
      Map<String, List<String>> sequenceOf)
      throws Exception {
    for (int v = 0; v < VISITORS; v++) {
      String visitor = "v-" + run + "-" + v;
      for (int step = first; step < first + count; step++) {
        String triggerId = "h-" + run + "-" + v + "#" + step;
        FollowupTrigger t =
            FollowupTrigger.newBuilder()
                .setTriggerId(triggerId)
                .setVisitorId(visitor)
                .setHesitationId("h-" + run + "-" + v)
                .setHesitationKind(HesitationKind.CART_ABANDONED)
                .setChannel("email")
                .setPlay(FollowupPlay.REMINDER)
                .setStep(step)
                .setReason(HesitationReason.PRICE)
                .setCreatedAt(Instant.now())
                .build();
        producer.send(new ProducerRecord<>(Topics.FOLLOWUP_TRIGGERS.name(), visitor, t)).get();
        sequenceOf.computeIfAbsent(visitor, k -> new ArrayList<>()).add(triggerId);
      }
    }
  }

  /** h-run-3#2 → v-run-3 */
  private static String visitorOf(String triggerId) {
    return "v-" + triggerId.substring(2, triggerId.indexOf('#'));
  }

  /** This run's webhook dead letters, reading the topic to its end. */
  private static List<DeadLetter> deadLetters(KafkaTestEnvironment env, String run) {
    List<DeadLetter> found = new ArrayList<>();
    try (KafkaConsumer<String, DeadLetter> consumer =
        env.consumer(
            "dl-" + run,
            Topics.DEAD_LETTERS.keySerde().deserializer(),
            Topics.DEAD_LETTERS.valueSerde(env.registryConfig()).deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.DEAD_LETTERS.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await("reading the dead letters to their end")
          .atMost(WAIT)
          .until(
              () -> {
                for (ConsumerRecord<String, DeadLetter> r : consumer.poll(Duration.ofMillis(200))) {
                  if (r.value()
                      .getDetails()
                      .getOrDefault("triggerId", "")
                      .startsWith("h-" + run + "-")) {
                    found.add(r.value());
                  }
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
              });
    }
    return found;
  }
}
