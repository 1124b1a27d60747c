package io.leadpipe.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.notifier.testing.ConsumerGroups;
import io.leadpipe.notifier.webhook.Receiver.Reply;
import io.leadpipe.schemas.common.FollowupPlay;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.followup.DeliveryOutcome;
import io.leadpipe.schemas.followup.FollowupDelivery;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.service.net.OutboundAddresses;
import io.leadpipe.streams.deadletter.DeadLetters;
import io.leadpipe.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeadpipeKafkaExtension.class)
class WebhookDispatcherIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String appId = "notifier-it-" + run;
  private final List<EndpointDispatcher.Outcome> outcomes = new CopyOnWriteArrayList<>();
  private final Map<String, List<EndpointDispatcher.Outcome>> outcomesByEndpoint =
      new ConcurrentHashMap<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  @Test
  void retriesUntilTheReceiverAcceptsWhileAFailingEndpointIsDeadLetteredOnItsOwn(
      KafkaTestEnvironment env) throws Exception {
    // Given a receiver that fails the first two attempts of every trigger, and one that always
    // fails and is retried only every 5 s
    Receiver flaky = track(new Receiver((id, attempt) -> Reply.status(attempt <= 2 ? 503 : 204)));
    Receiver broken = track(new Receiver((id, attempt) -> Reply.status(503)));
    WebhookEndpoint flakyEndpoint =
        flaky.endpoint("flaky", Receiver.every(Duration.ofMillis(100), 5), TIMEOUT, 2, 100);
    WebhookEndpoint brokenEndpoint =
        broken.endpoint("broken", Receiver.every(Duration.ofSeconds(5), 3), TIMEOUT, 1, 100);
    start(env, flakyEndpoint, brokenEndpoint);

    // When three follow-ups of three visitors are published
    List<String> ids = List.of("h-" + run + "-a#1", "h-" + run + "-b#1", "h-" + run + "-c#1");
    publish(env, ids);

    // Then the flaky receiver gets each one, properly signed, on the third attempt ...
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(flaky.deliveredInOrder).containsExactlyInAnyOrderElementsOf(ids));
    assertThat(ids).allSatisfy(id -> assertThat(flaky.attempts.get(id)).hasValue(3));
    assertThat(flaky.verdicts).containsOnly(WebhookVerifier.Result.VALID);
    // ... without waiting for the broken endpoint, which has not given up on anything yet (it
    // needs two waits of 5 s per trigger)
    assertThat(outcomesByEndpoint.getOrDefault("broken", List.of()))
        .extracting(EndpointDispatcher.Outcome::fate)
        .doesNotContain(EndpointDispatcher.Fate.DEAD_LETTERED);

    // And the broken endpoint dead-letters each trigger after its 3 attempts, signatures valid
    List<ConsumerRecord<String, DeadLetter>> deadLetters =
        deadLetters(env, dl -> dl.getDetails().getOrDefault("triggerId", "").contains(run), 3);
    assertThat(deadLetters)
        .extracting(r -> r.value().getDetails().get("triggerId"))
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(deadLetters)
        .allSatisfy(
            r -> {
              assertThat(r.value().getSource()).isEqualTo("webhook:broken");
              assertThat(r.value().getReason()).isEqualTo(EndpointDispatcher.DEAD_LETTER_REASON);
              assertThat(r.value().getDetails())
                  .containsEntry("attempts", "3")
                  .containsEntry("lastStatus", "503");
            });
    assertThat(ids).allSatisfy(id -> assertThat(broken.attempts.get(id)).hasValue(3));
    assertThat(broken.verdicts).containsOnly(WebhookVerifier.Result.VALID);

    // And each trigger's fate at each endpoint is on record: delivered at the flaky one, failed at
    // the broken one, with the attempts and the last status
    assertThat(deliveries(env, d -> d.getTriggerId().contains(run), 6))
        .extracting(
            FollowupDelivery::getDeliveryId,
            FollowupDelivery::getOutcome,
            FollowupDelivery::getAttempts,
            FollowupDelivery::getHttpStatus,
            FollowupDelivery::getError)
        .containsExactlyInAnyOrderElementsOf(
            ids.stream()
                .flatMap(
                    id ->
                        java.util.stream.Stream.of(
                            tuple(id + "@flaky", DeliveryOutcome.DELIVERED, 3, 204, null),
                            tuple(id + "@broken", DeliveryOutcome.FAILED, 3, 503, "HTTP 503")))
                .toList());
  }

  @Test
  void oneVisitorsFailuresDoNotHoldBackTheOthersAndItsOwnFollowUpsStayInOrder(
      KafkaTestEnvironment env) throws Exception {
    // Given a receiver that fails visitor a's first follow-up 3 times, 2 s apart
    String stuck = "h-" + run + "-a#1";
    Receiver crm =
        track(
            new Receiver(
                (id, attempt) -> Reply.status(id.equals(stuck) && attempt <= 3 ? 500 : 204)));
    start(env, crm.endpoint("crm", Receiver.every(Duration.ofSeconds(2), 10), TIMEOUT, 2, 100));

    // When a and b each get two follow-ups, a's first
    List<String> ids =
        List.of(stuck, "h-" + run + "-a#2", "h-" + run + "-b#1", "h-" + run + "-b#2");
    publish(env, ids);

    // Then b's are delivered while a's first still waits for its retries (6 s in all) ...
    await().atMost(WAIT).until(() -> crm.deliveredInOrder.containsAll(ids.subList(2, 4)));
    assertThat(crm.deliveredInOrder).doesNotContain(stuck, "h-" + run + "-a#2");
    // ... and a's arrive after its retries, in a's order
    await().atMost(WAIT).until(() -> crm.deliveredInOrder.containsAll(ids));
    assertThat(crm.deliveredInOrder.stream().filter(id -> id.contains("-a#")).toList())
        .containsExactly(stuck, "h-" + run + "-a#2");
    assertThat(crm.attempts.get("h-" + run + "-a#2"))
        .as("a's second follow-up waited for the first instead of overtaking it")
        .hasValue(1);
  }

  @Test
  void retryAfterOnA429HoldsTheWholeEndpoint(KafkaTestEnvironment env) throws Exception {
    // Given a receiver that answers the first request with 429 and Retry-After: 2
    Receiver crm =
        track(
            new Receiver(
                (id, attempt) ->
                    id.endsWith("-a#1") && attempt == 1 ? new Reply(429, "2", false) : Reply.OK));
    start(env, crm.endpoint("crm", Receiver.every(Duration.ofMillis(100), 5), TIMEOUT, 1, 100));

    Instant published = Instant.now();
    publish(env, List.of("h-" + run + "-a#1"));
    await().atMost(WAIT).until(() -> crm.attempts.containsKey("h-" + run + "-a#1"));
    publish(env, List.of("h-" + run + "-b#1"));

    // Then nothing more is sent for 2 s (not the 100 ms of the schedule), then both arrive
    await().atMost(WAIT).until(() -> crm.deliveredInOrder.size() == 2);
    assertThat(crm.firstDeliveredAt.values())
        .allSatisfy(at -> assertThat(at).isAfter(published.plusMillis(1900)));
  }

  @Test
  void aReceiverAnswering410DisablesTheEndpointDurablyUntilReEnabled(KafkaTestEnvironment env)
      throws Exception {
    // Given a receiver that says its endpoint is gone
    Receiver gone = track(new Receiver((id, attempt) -> Reply.status(410)));
    WebhookEndpoint endpoint =
        gone.endpoint("gone", Receiver.every(Duration.ofMillis(100), 5), TIMEOUT, 2, 100);
    WebhookDispatchers first = start(env, endpoint);
    EndpointStatus status = first.dispatcher("gone").orElseThrow().status();

    // When follow-ups come
    List<String> ids = List.of("h-" + run + "-a#1", "h-" + run + "-b#1", "h-" + run + "-c#1");
    publish(env, ids);

    // Then the endpoint is disabled after the first 410, with the reason, and stops sending
    await().atMost(WAIT).until(() -> status.disabled() != null);
    assertThat(status.disabled().reason()).contains("410");
    int attemptsWhenDisabled = gone.attempts.values().stream().mapToInt(a -> a.get()).sum();
    assertThat(attemptsWhenDisabled).isBetween(1, 2); // at most one per worker was under way
    assertThat(outcomes)
        .extracting(EndpointDispatcher.Outcome::fate)
        .doesNotContain(EndpointDispatcher.Fate.DEAD_LETTERED);

    // And a restarted dispatcher knows it is disabled (the mark is in the committed offsets)
    first.close();
    resources.remove(first);
    gone.rule = (id, attempt) -> Reply.OK;
    WebhookDispatchers second = dispatchers(endpoint);
    second.start();
    EndpointDispatcher restarted = second.dispatcher("gone").orElseThrow();
    await().atMost(WAIT).until(() -> restarted.status().disabled() != null);
    assertThat(restarted.status().disabled().reason()).contains("410");
    assertThat(gone.deliveredInOrder).isEmpty();

    // When an admin re-enables it, everything held back is delivered
    restarted.enable();
    await().atMost(WAIT).until(() -> gone.deliveredInOrder.containsAll(ids));
    assertThat(restarted.status().disabled()).isNull();
  }

  @Test
  void deadLetteredDeliveriesCanBeListedAndReplayed(KafkaTestEnvironment env) throws Exception {
    // Given a receiver that refuses a follow-up with 422 (not worth retrying)
    Receiver crm = track(new Receiver((id, attempt) -> Reply.status(422)));
    WebhookDispatchers dispatchers =
        start(env, crm.endpoint("crm", Receiver.every(Duration.ofMillis(100), 5), TIMEOUT, 2, 100));
    String id = "h-" + run + "-a#1";
    publish(env, List.of(id));
    deadLetters(env, dl -> id.equals(dl.getDetails().get("triggerId")), 1);

    // When an admin lists the endpoint's dead letters
    WebhookDeadLetters log =
        new WebhookDeadLetters(
            env.bootstrapServers(),
            env.registryConfig(),
            Duration.ofSeconds(30),
            Clock.systemUTC());
    WebhookDeadLetters.Entry entry =
        log.list("crm", 1000).stream()
            .filter(e -> id.equals(e.triggerId()))
            .findFirst()
            .orElseThrow();

    // Then it is there, once, with the reason, and replayable
    assertThat(entry.reason()).isEqualTo(EndpointDispatcher.REFUSED_REASON);
    assertThat(entry.error()).isEqualTo("HTTP 422");
    assertThat(entry.attempts()).isEqualTo(1);
    assertThat(entry.lastStatus()).isEqualTo(422);
    assertThat(entry.replayable()).isTrue();
    assertThat(log.list("other", 1000)).noneMatch(e -> id.equals(e.triggerId()));

    // When the receiver is fixed and the dead letter replayed
    crm.rule = (t, attempt) -> Reply.OK;
    WebhookDeadLetters.Found found = log.find(entry.partition(), entry.offset()).orElseThrow();
    WebhookDeadLetters.Replayable replay = WebhookDeadLetters.replayable(found).orElseThrow();
    dispatchers
        .dispatcher(replay.endpoint())
        .orElseThrow()
        .replay(replay.key(), replay.triggerId(), replay.body());

    // Then the same trigger is delivered, same webhook-id, same body
    await().atMost(WAIT).until(() -> crm.deliveredInOrder.contains(id));
    assertThat(replay.body()).contains("\"triggerId\":\"" + id + "\"");
    assertThat(crm.attempts.get(id)).hasValue(2);
  }

  @Test
  void aPoisonTriggerIsDeadLetteredWithTheReasonAndTheDispatcherGoesOn(KafkaTestEnvironment env)
      throws Exception {
    // Poison goes to a topic of this test's own: the triggers topic is read by other tests'
    // typed consumers, which poison would break.
    String topic = env.createUniqueTopic("followup-triggers-poison", Topics.VISITOR_PARTITIONS);
    Receiver crm = track(new Receiver());
    this.env = env;
    WebhookDispatchers dispatchers =
        new WebhookDispatchers(
            List.of(
                crm.endpoint("crm", Receiver.every(Duration.ofMillis(100), 5), TIMEOUT, 2, 100)),
            env.bootstrapServers(),
            appId,
            env.registryConfig(),
            topic,
            Map.of(),
            WebhookDispatchers.defaultSender(),
            OutboundAddresses.SYSTEM,
            Clock.systemUTC(),
            (endpoint, outcome) -> outcomes.add(outcome));
    resources.add(dispatchers);
    dispatchers.start();
    String poisonKey = "v-poison-" + run;
    String otherSchemaKey = "v-other-schema-" + run;

    // When garbage bytes, then a valid record of another schema, then a valid trigger arrive
    DeadLetter notATrigger =
        DeadLetter.newBuilder()
            .setApplication("test")
            .setSource("test")
            .setReason("test")
            .setErrorMessage("test")
            .setFailedAt(Instant.now())
            .setDetails(Map.of())
            .build();
    // Serialized under its own topic's subject: valid bytes of a registered schema, not ours.
    byte[] otherSchemaBytes =
        Topics.DEAD_LETTERS
            .valueSerde(env.registryConfig())
            .serializer()
            .serialize(Topics.DEAD_LETTERS.name(), notATrigger);
    try (KafkaProducer<String, byte[]> raw =
            env.producer(new StringSerializer(), new ByteArraySerializer());
        KafkaProducer<String, FollowupTrigger> triggers =
            env.producer(
                Topics.FOLLOWUP_TRIGGERS.keySerde().serializer(),
                Topics.FOLLOWUP_TRIGGERS.valueSerde(env.registryConfig()).serializer())) {
      raw.send(new ProducerRecord<>(topic, poisonKey, "not avro".getBytes(StandardCharsets.UTF_8)))
          .get();
      raw.send(new ProducerRecord<>(topic, otherSchemaKey, otherSchemaBytes)).get();
      FollowupTrigger t = trigger("h-" + run + "-a#1");
      triggers.send(new ProducerRecord<>(topic, t.getVisitorId(), t)).get();
    }

    // Then the valid trigger is delivered and each poison record dead-lettered with the reason
    await().atMost(WAIT).until(() -> crm.deliveredInOrder.contains("h-" + run + "-a#1"));
    List<ConsumerRecord<String, DeadLetter>> letters =
        deadLetters(env, dl -> topic.equals(dl.getTopic()), 2);
    assertThat(letters)
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder(poisonKey, otherSchemaKey);
    assertThat(letters)
        .allSatisfy(
            r -> {
              assertThat(r.value().getReason()).isEqualTo(DeadLetters.UNDECODABLE);
              assertThat(r.value().getSource()).isEqualTo("webhook:crm");
              assertThat(r.value().getErrorMessage()).isNotBlank();
              assertThat(r.value().getOriginalValue()).isNotNull();
            });
    assertThat(
            letters.stream()
                .filter(r -> r.key().equals(otherSchemaKey))
                .findFirst()
                .orElseThrow()
                .value()
                .getErrorMessage())
        .contains("expected " + FollowupTrigger.class.getName());
  }

  private Receiver track(Receiver r) {
    resources.add(r);
    return r;
  }

  /** Dispatchers for these endpoints, their groups starting at the topic's current end. */
  private WebhookDispatchers start(KafkaTestEnvironment env, WebhookEndpoint... endpoints)
      throws Exception {
    ConsumerGroups.startAtTheEnd(
        env,
        Topics.FOLLOWUP_TRIGGERS.name(),
        List.of(endpoints).stream().map(e -> EndpointDispatcher.groupId(appId, e)).toList());
    this.env = env;
    WebhookDispatchers d = dispatchers(endpoints);
    d.start();
    // Timings are measured from running dispatchers, not from before their groups formed.
    await().atMost(WAIT).until(() -> d.all().stream().allMatch(x -> x.status().assignments() > 0));
    return d;
  }

  private KafkaTestEnvironment env;

  private WebhookDispatchers dispatchers(WebhookEndpoint... endpoints) {
    WebhookDispatchers d =
        new WebhookDispatchers(
            List.of(endpoints),
            env.bootstrapServers(),
            appId,
            env.registryConfig(),
            WebhookDispatchers.defaultSender(),
            Clock.systemUTC(),
            (endpoint, outcome) -> {
              outcomes.add(outcome);
              outcomesByEndpoint
                  .computeIfAbsent(endpoint, k -> new CopyOnWriteArrayList<>())
                  .add(outcome);
            });
    resources.add(d);
    return d;
  }

  static void publish(KafkaTestEnvironment env, List<String> triggerIds) throws Exception {
    try (KafkaProducer<String, FollowupTrigger> producer =
        env.producer(
            Topics.FOLLOWUP_TRIGGERS.keySerde().serializer(),
            Topics.FOLLOWUP_TRIGGERS.valueSerde(env.registryConfig()).serializer())) {
      for (String id : triggerIds) {
        FollowupTrigger t = trigger(id);
        producer
            .send(new ProducerRecord<>(Topics.FOLLOWUP_TRIGGERS.name(), t.getVisitorId(), t))
            .get();
      }
    }
  }

  /** Waits for at least {@code count} delivery records matching, reading from the topic's start. */
  private static List<FollowupDelivery> deliveries(
      KafkaTestEnvironment env, Predicate<FollowupDelivery> matching, int count) {
    List<FollowupDelivery> found = new ArrayList<>();
    try (var consumer =
        env.consumer(
            "deliveries-" + UUID.randomUUID(),
            Topics.FOLLOWUP_DELIVERIES.keySerde().deserializer(),
            Topics.FOLLOWUP_DELIVERIES.valueSerde(env.registryConfig()).deserializer())) {
      consumer.subscribe(List.of(Topics.FOLLOWUP_DELIVERIES.name()));
      await()
          .atMost(WAIT)
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(100))
                    .forEach(
                        r -> {
                          if (matching.test(r.value())) {
                            found.add(r.value());
                          }
                        });
                return found.size() >= count;
              });
    }
    return found;
  }

  /** Waits for at least {@code count} dead letters matching, reading from the topic's start. */
  private static List<ConsumerRecord<String, DeadLetter>> deadLetters(
      KafkaTestEnvironment env, Predicate<DeadLetter> matching, int count) {
    List<ConsumerRecord<String, DeadLetter>> found = new ArrayList<>();
    try (var consumer =
        env.consumer(
            "dl-" + UUID.randomUUID(),
            Topics.DEAD_LETTERS.keySerde().deserializer(),
            Topics.DEAD_LETTERS.valueSerde(env.registryConfig()).deserializer())) {
      consumer.subscribe(List.of(Topics.DEAD_LETTERS.name()));
      await()
          .atMost(WAIT)
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(100))
                    .forEach(
                        r -> {
                          if (matching.test(r.value())) {
                            found.add(r);
                          }
                        });
                return found.size() >= count;
              });
    }
    return found;
  }

  static FollowupTrigger trigger(String triggerId) {
    String hesitation = triggerId.substring(0, triggerId.indexOf('#'));
    return FollowupTrigger.newBuilder()
        .setTriggerId(triggerId)
        .setVisitorId("v-" + hesitation)
        .setHesitationId(hesitation)
        .setHesitationKind(HesitationKind.CART_ABANDONED)
        .setChannel("email")
        .setPlay(FollowupPlay.REMINDER)
        .setStep(Integer.parseInt(triggerId.substring(triggerId.indexOf('#') + 1)))
        .setReason(HesitationReason.PRICE)
        .setCreatedAt(Instant.now())
        .build();
  }
}
