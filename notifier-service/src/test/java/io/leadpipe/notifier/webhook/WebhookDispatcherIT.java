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
import io.leadpipe.webhook.WebhookVerifier;
import java.io.IOException;
import java.net.InetSocketAddress;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeadpipeKafkaExtension.class)
class WebhookDispatcherIT {

  /**
   * A real local HTTP receiver that verifies every signature and fails the first attempts of each
   * trigger.
   */
  static final class Receiver implements AutoCloseable {
    final HttpServer server;
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    final List<String> delivered = new CopyOnWriteArrayList<>();
    final List<WebhookVerifier.Result> verdicts = new CopyOnWriteArrayList<>();

    Receiver(String secret, int failuresPerTrigger) throws IOException {
      WebhookVerifier verifier =
          new WebhookVerifier(secret, Duration.ofMinutes(5), Clock.systemUTC());
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/hook",
          exchange -> {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            WebhookVerifier.Result verdict =
                verifier.verify(body, exchange.getRequestHeaders().getFirst("Leadpipe-Signature"));
            verdicts.add(verdict);
            int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            int status =
                verdict != WebhookVerifier.Result.VALID
                    ? 401
                    : attempt <= failuresPerTrigger ? 503 : 204;
            if (status == 204 && body.contains("\"triggerId\":\"" + key + "\"")) {
              delivered.add(key);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private final List<AutoCloseable> resources = new ArrayList<>();

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
    // fails
    Receiver flaky = track(new Receiver("flaky-secret", 2));
    Receiver broken = track(new Receiver("broken-secret", Integer.MAX_VALUE));
    String appId = "notifier-it-" + UUID.randomUUID();
    WebhookEndpoint flakyEndpoint =
        new WebhookEndpoint(
            "flaky",
            flaky.url(),
            "flaky-secret",
            5,
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            2,
            Duration.ofSeconds(5));
    // The broken endpoint waits up to 1.5 s between attempts: it is slow *and* failing.
    WebhookEndpoint brokenEndpoint =
        new WebhookEndpoint(
            "broken",
            broken.url(),
            "broken-secret",
            3,
            Duration.ofMillis(1500),
            Duration.ofMillis(1500),
            1,
            Duration.ofSeconds(5));
    startGroupsAtTheEnd(env, appId, List.of(flakyEndpoint, brokenEndpoint));
    WebhookDispatchers dispatchers =
        new WebhookDispatchers(
            List.of(flakyEndpoint, brokenEndpoint),
            env.bootstrapServers(),
            appId,
            env.registryConfig(),
            WebhookDispatchers.defaultSender(),
            Clock.systemUTC(),
            (endpoint, outcome) -> {});
    resources.add(dispatchers);
    dispatchers.start();

    // When three follow-ups of three visitors are published
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> ids = List.of("h-" + run + "-a#1", "h-" + run + "-b#1", "h-" + run + "-c#1");
    Instant published = Instant.now();
    try (KafkaProducer<String, FollowupTrigger> producer =
        env.producer(
            Topics.FOLLOWUP_TRIGGERS.keySerde().serializer(),
            Topics.FOLLOWUP_TRIGGERS.valueSerde(env.registryConfig()).serializer())) {
      for (String id : ids) {
        FollowupTrigger t = trigger(id);
        producer
            .send(new ProducerRecord<>(Topics.FOLLOWUP_TRIGGERS.name(), t.getVisitorId(), t))
            .get();
      }
    }

    // Then the flaky receiver gets each one, properly signed, on the third attempt ...
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(flaky.delivered).containsExactlyInAnyOrderElementsOf(ids));
    Duration flakyDone = Duration.between(published, Instant.now());
    assertThat(ids).allSatisfy(id -> assertThat(flaky.attempts.get(id)).hasValue(3));
    assertThat(flaky.verdicts).containsOnly(WebhookVerifier.Result.VALID);
    // ... without waiting for the broken endpoint, which needs >= 3 x 2 backoffs per trigger to
    // give up
    assertThat(flakyDone).isLessThan(Duration.ofSeconds(6));

    // And the broken endpoint dead-letters each trigger after its 3 attempts, signatures valid all
    // along
    List<ConsumerRecord<String, DeadLetter>> deadLetters = new ArrayList<>();
    try (var consumer =
        env.consumer(
            "dl-" + run,
            Topics.DEAD_LETTERS.keySerde().deserializer(),
            Topics.DEAD_LETTERS.valueSerde(env.registryConfig()).deserializer())) {
      consumer.subscribe(List.of(Topics.DEAD_LETTERS.name()));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(100))
                    .forEach(
                        r -> {
                          if (r.value().getDetails().getOrDefault("triggerId", "").contains(run)) {
                            deadLetters.add(r);
                          }
                        });
                return deadLetters.size() >= 3;
              });
    }
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
  }

  private Receiver track(Receiver r) {
    resources.add(r);
    return r;
  }

  /**
   * Other tests share the triggers topic: start these groups at its current end so only this test's
   * records count.
   */
  private static void startGroupsAtTheEnd(
      KafkaTestEnvironment env, String appId, List<WebhookEndpoint> endpoints) throws Exception {
    ConsumerGroups.startAtTheEnd(
        env,
        Topics.FOLLOWUP_TRIGGERS.name(),
        endpoints.stream().map(e -> EndpointDispatcher.groupId(appId, e)).toList());
  }

  private static FollowupTrigger trigger(String triggerId) {
    String hesitation = triggerId.substring(0, triggerId.indexOf('#'));
    return FollowupTrigger.newBuilder()
        .setTriggerId(triggerId)
        .setVisitorId("v-" + hesitation)
        .setHesitationId(hesitation)
        .setHesitationKind(HesitationKind.CART_ABANDONED)
        .setChannel("email")
        .setPlay(FollowupPlay.REMINDER)
        .setStep(1)
        .setReason(HesitationReason.PRICE)
        .setCreatedAt(Instant.now())
        .build();
  }
}
