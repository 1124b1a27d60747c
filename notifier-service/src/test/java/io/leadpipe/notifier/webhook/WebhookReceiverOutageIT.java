package io.leadpipe.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.notifier.testing.ConsumerGroups;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.service.net.OutboundAddresses;
import io.leadpipe.webhook.WebhookVerifier;
import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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

  /** 120 attempts 150 ms apart: about 18 s of retrying per trigger, well beyond the outage. */
  private static final int PATIENT_ATTEMPTS = 120;

  private static final Duration PATIENT_WAIT = Duration.ofMillis(150);

  private static final int IMPATIENT_ATTEMPTS = 3;

  private static final Duration IMPATIENT_WAIT = Duration.ofMillis(50);

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
            failedAttempts
                .computeIfAbsent(url.toString(), k -> new AtomicInteger())
                .incrementAndGet();
            throw e;
          }
        };
    try (Receiver crm = new Receiver();
        Receiver legacy = new Receiver();
        KafkaProducer<String, FollowupTrigger> producer =
            env.producer(
                Topics.FOLLOWUP_TRIGGERS.keySerde().serializer(),
                Topics.FOLLOWUP_TRIGGERS.valueSerde(env.registryConfig()).serializer())) {
      WebhookEndpoint patient =
          crm.endpoint(
              "crm", Receiver.every(PATIENT_WAIT, PATIENT_ATTEMPTS), Duration.ofSeconds(5), 3, 100);
      WebhookEndpoint impatient =
          legacy.endpoint(
              "legacy",
              Receiver.every(IMPATIENT_WAIT, IMPATIENT_ATTEMPTS),
              Duration.ofSeconds(5),
              3,
              100);
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
                if (outcome.fate() == EndpointDispatcher.Fate.DEAD_LETTERED) {
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
                    failedAttempts.getOrDefault(crm.url().toString(), new AtomicInteger()).get()
                            >= FAILED_ATTEMPTS_TO_SEE
                        && gaveUp.getOrDefault("legacy", new AtomicInteger()).get()
                            == VISITORS * STEPS_DURING);
        int crmFailures = failedAttempts.get(crm.url().toString()).get();
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
   * The issue's figures, scaled down (docs/guarantees.md): 1,000 triggers queued, a request timeout
   * of 500 ms instead of 15 s, and a {@code max.poll.interval} of 10 s instead of 5 min; the silent
   * receiver stays silent until it has swallowed enough requests to have been silent for longer
   * than that interval, the way 10 minutes outlast 5.
   */
  private static final int STALL_VISITORS = 100;

  private static final int STALL_STEPS = 10;
  private static final Duration STALL_REQUEST_TIMEOUT = Duration.ofMillis(500);
  private static final Duration STALL_MAX_POLL_INTERVAL = Duration.ofSeconds(10);
  private static final int STALL_CONCURRENCY = 4;

  /** Hung requests that take at least 12.5 s at 4 in parallel and 500 ms each. */
  private static final int STALL_HUNG_REQUESTS = 100;

  /** Triggers in memory per partition: below the 1,000 queued, so pausing is exercised. */
  private static final int STALL_MAX_PENDING = 50;

  /**
   * The shortest the stall can be: unaffected deliveries must lag less than that, or they waited
   * for it. (Their actual lag, a few seconds on a busy 2-core machine, is printed.)
   */
  private static final Duration LAG_LIMIT =
      STALL_REQUEST_TIMEOUT.multipliedBy(STALL_HUNG_REQUESTS / STALL_CONCURRENCY);

  @Test
  void anEndpointThatNeverAnswersHoldsBackNeitherOtherEndpointsNorOtherVisitors(
      KafkaTestEnvironment env) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String appId = "notifier-stall-" + run;
    String stuckVisitor = "h-" + run + "-0#";
    Map<String, Map<String, Integer>> attemptsAt = new ConcurrentHashMap<>();
    try (Receiver silent = new Receiver((id, attempt) -> Receiver.Reply.HANG);
        Receiver partial =
            new Receiver(
                (id, attempt) ->
                    id.startsWith(stuckVisitor) ? Receiver.Reply.HANG : Receiver.Reply.OK);
        Receiver healthy = new Receiver();
        KafkaProducer<String, FollowupTrigger> producer =
            env.producer(
                Topics.FOLLOWUP_TRIGGERS.keySerde().serializer(),
                Topics.FOLLOWUP_TRIGGERS.valueSerde(env.registryConfig()).serializer())) {
      RetrySchedule patient = Receiver.every(Duration.ofSeconds(1), PATIENT_ATTEMPTS);
      List<WebhookEndpoint> endpoints =
          List.of(
              silent.endpoint(
                  "silent", patient, STALL_REQUEST_TIMEOUT, STALL_CONCURRENCY, STALL_MAX_PENDING),
              partial.endpoint(
                  "partial", patient, STALL_REQUEST_TIMEOUT, STALL_CONCURRENCY, STALL_MAX_PENDING),
              healthy.endpoint(
                  "healthy", patient, STALL_REQUEST_TIMEOUT, STALL_CONCURRENCY, STALL_MAX_PENDING));
      ConsumerGroups.startAtTheEnd(
          env,
          Topics.FOLLOWUP_TRIGGERS.name(),
          endpoints.stream().map(e -> EndpointDispatcher.groupId(appId, e)).toList());
      try (WebhookDispatchers dispatchers =
          new WebhookDispatchers(
              endpoints,
              env.bootstrapServers(),
              appId,
              env.registryConfig(),
              Topics.FOLLOWUP_TRIGGERS.name(),
              Map.of(
                  ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                  (int) STALL_MAX_POLL_INTERVAL.toMillis()),
              WebhookDispatchers.defaultSender(),
              OutboundAddresses.SYSTEM,
              Clock.systemUTC(),
              (endpoint, outcome) ->
                  attemptsAt
                      .computeIfAbsent(endpoint, k -> new ConcurrentHashMap<>())
                      .merge(outcome.triggerId(), outcome.attempts(), Math::max))) {
        dispatchers.start();
        // Lag is measured from a running dispatcher, not from before its group formed.
        await("every dispatcher has its partitions")
            .atMost(WAIT)
            .until(() -> dispatchers.all().stream().allMatch(d -> d.status().assignments() > 0));

        // Given a receiver that accepts connections and never answers, with 1,000 triggers queued
        Instant stallStarted = Instant.now();
        Map<String, Instant> publishedAt = new ConcurrentHashMap<>();
        Map<String, List<String>> sequenceOf = new LinkedHashMap<>();
        for (int step = 1; step <= STALL_STEPS; step++) {
          for (int v = 0; v < STALL_VISITORS; v++) {
            String visitor = "v-" + run + "-" + v;
            String id = "h-" + run + "-" + v + "#" + step;
            FollowupTrigger t = trigger(visitor, id, step);
            publishedAt.put(id, Instant.now());
            producer.send(new ProducerRecord<>(Topics.FOLLOWUP_TRIGGERS.name(), visitor, t));
            sequenceOf.computeIfAbsent(visitor, k -> new ArrayList<>()).add(id);
          }
        }
        producer.flush();
        List<String> all = sequenceOf.values().stream().flatMap(List::stream).toList();
        List<String> others = all.stream().filter(id -> !id.startsWith(stuckVisitor)).toList();

        // Then another endpoint gets everything, and other visitors of an endpoint that never
        // answers one visitor get theirs, with a small lag
        await("unaffected deliveries")
            .atMost(WAIT)
            .until(
                () ->
                    healthy.deliveredInOrder.containsAll(all)
                        && partial.deliveredInOrder.containsAll(others));
        Duration healthyLag = maxLag(healthy, all, publishedAt);
        Duration otherVisitorsLag = maxLag(partial, others, publishedAt);

        // ... while the silent receiver stays silent for longer than max.poll.interval
        await("the stall").atMost(WAIT).until(() -> silent.hung.get() >= STALL_HUNG_REQUESTS);
        Duration stall = Duration.between(stallStarted, Instant.now());
        long pausedPending = dispatchers.dispatcher("silent").orElseThrow().status().pending();
        assertThat(silent.deliveredInOrder).isEmpty();

        // When the receivers answer again
        silent.release();
        partial.release();
        Instant recovered = Instant.now();

        // Then everything is delivered, in each visitor's order
        await("everything delivered after the recovery")
            .atMost(WAIT)
            .until(
                () ->
                    silent.deliveredInOrder.containsAll(all)
                        && partial.deliveredInOrder.containsAll(all));
        Duration drain = Duration.between(recovered, Instant.now());
        long outOfOrder = outOfOrder(silent.deliveredInOrder, sequenceOf);
        String duplicates =
            String.format(
                "silent %d, partial %d, healthy %d",
                silent.duplicates(), partial.duplicates(), healthy.duplicates());
        Map<String, Long> assignments = new TreeMap<>();
        dispatchers
            .all()
            .forEach(d -> assignments.put(d.endpoint().name(), d.status().assignments()));

        String figures =
            String.format(
                "triggers %d; stall %d ms (%d requests left hanging, max.poll.interval %d ms),"
                    + " silent endpoint's triggers in memory during it %d (max %d per partition, 6 partitions);"
                    + " lag of another endpoint %d ms, of other visitors on a stalled visitor's"
                    + " endpoint %d ms; drained in %d ms after the recovery; out of order %d;"
                    + " duplicates %s; assignments per group %s",
                all.size(),
                stall.toMillis(),
                silent.hung.get(),
                STALL_MAX_POLL_INTERVAL.toMillis(),
                pausedPending,
                STALL_MAX_PENDING,
                healthyLag.toMillis(),
                otherVisitorsLag.toMillis(),
                drain.toMillis(),
                outOfOrder,
                duplicates,
                assignments);
        System.out.println("[webhook-stall] " + figures);

        assertThat(stall).as(figures).isGreaterThan(STALL_MAX_POLL_INTERVAL);
        assertThat(healthyLag).as(figures).isLessThan(LAG_LIMIT);
        assertThat(otherVisitorsLag).as(figures).isLessThan(LAG_LIMIT);
        assertThat(assignments.values())
            .as("no group evicted its dispatcher (one assignment each): " + figures)
            .containsOnly(1L);
        assertThat(outOfOrder).as(figures).isZero();
        // Duplicates only as at-least-once redeliveries: a trigger received twice was attempted
        // more than once by that endpoint.
        for (Receiver r : List.of(silent, partial, healthy)) {
          String name = r == silent ? "silent" : r == partial ? "partial" : "healthy";
          r.accepted.forEach(
              (id, n) -> {
                if (n.get() > 1) {
                  assertThat(attemptsAt.get(name).get(id)).as(figures).isGreaterThan(1);
                }
              });
        }
        assertThat(silent.verdicts).containsOnly(WebhookVerifier.Result.VALID);
      }
    }
  }

  private static Duration maxLag(Receiver r, List<String> ids, Map<String, Instant> publishedAt) {
    return ids.stream()
        .map(id -> Duration.between(publishedAt.get(id), r.firstDeliveredAt.get(id)))
        .max(Duration::compareTo)
        .orElse(Duration.ZERO);
  }

  private static long outOfOrder(List<String> delivered, Map<String, List<String>> sequenceOf) {
    Map<String, List<String>> receivedBy = new TreeMap<>();
    for (String id : delivered) {
      receivedBy.computeIfAbsent(visitorOf(id), k -> new ArrayList<>()).add(id);
    }
    return sequenceOf.entrySet().stream()
        .filter(e -> !e.getValue().equals(receivedBy.get(e.getKey())))
        .count();
  }

  private static FollowupTrigger trigger(String visitor, String triggerId, int step) {
    return FollowupTrigger.newBuilder()
        .setTriggerId(triggerId)
        .setVisitorId(visitor)
        .setHesitationId(triggerId.substring(0, triggerId.indexOf('#')))
        .setHesitationKind(HesitationKind.CART_ABANDONED)
        .setChannel("email")
        .setPlay(FollowupPlay.REMINDER)
        .setStep(step)
        .setReason(HesitationReason.PRICE)
        .setCreatedAt(Instant.now())
        .build();
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
