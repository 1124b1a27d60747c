package io.leadpipe.notifier.webhook;

import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.webhook.WebhookSigner;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Rule: one dispatcher thread, consumer group and worker pool per endpoint (isolation: a slow or
 * failing endpoint only holds back itself); one shared dead-letter producer.
 */
public final class WebhookDispatchers implements AutoCloseable {
  private final List<EndpointDispatcher> dispatchers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Producer<String, DeadLetter> deadLetters;

  public WebhookDispatchers(
      List<WebhookEndpoint> endpoints,
      String bootstrapServers,
      String applicationId,
      Map<String, ?> registryConfig,
      WebhookSender sender,
      Clock clock,
      EndpointDispatcher.DeliveryListener listener) {
    Map<String, Object> producerConfig = new java.util.HashMap<>(registryConfig);
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    this.deadLetters =
        endpoints.isEmpty()
            ? null
            : new KafkaProducer<>(
                producerConfig,
                Topics.DEAD_LETTERS.keySerde().serializer(),
                Topics.DEAD_LETTERS.valueSerde(registryConfig).serializer());
    for (WebhookEndpoint e : endpoints) {
      Map<String, Object> c = new java.util.HashMap<>(registryConfig);
      c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      c.put(ConsumerConfig.GROUP_ID_CONFIG, EndpointDispatcher.groupId(applicationId, e));
      // Only triggers from committed notifier transactions: an aborted attempt must never reach a
      // receiver.
      c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
      // A batch may wait out a full retry budget for one visitor before its offsets are committed.
      long budget =
          e.maxBackoff().plus(e.requestTimeout()).toMillis() * e.maxAttempts() * 2 + 60_000;
      c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, budget));
      KafkaConsumer<String, FollowupTrigger> consumer =
          new KafkaConsumer<>(
              c,
              Topics.FOLLOWUP_TRIGGERS.keySerde().deserializer(),
              Topics.FOLLOWUP_TRIGGERS.valueSerde(registryConfig).deserializer());
      WebhookDelivery delivery =
          new WebhookDelivery(
              e,
              new WebhookSigner(e.secret(), clock),
              sender,
              new Backoff(
                  e.initialBackoff(),
                  e.maxBackoff(),
                  () -> ThreadLocalRandom.current().nextDouble()),
              d -> Thread.sleep(d.toMillis()));
      dispatchers.add(new EndpointDispatcher(e, consumer, deadLetters, delivery, clock, listener));
    }
  }

  public static WebhookSender defaultSender() {
    return WebhookSender.jdk(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  public void start() {
    for (EndpointDispatcher d : dispatchers) {
      Thread t = new Thread(d, "webhook-dispatcher");
      t.start();
      threads.add(t);
    }
  }

  @Override
  public void close() throws InterruptedException {
    dispatchers.forEach(EndpointDispatcher::close);
    for (Thread t : threads) {
      t.join(Duration.ofSeconds(30).toMillis());
    }
    if (deadLetters != null) {
      deadLetters.close(Duration.ofSeconds(10));
    }
  }
}
