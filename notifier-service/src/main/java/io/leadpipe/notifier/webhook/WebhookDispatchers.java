package io.leadpipe.notifier.webhook;

import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.followup.FollowupDelivery;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.service.config.ConfigBindingException;
import io.leadpipe.service.net.OutboundAddresses;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rule: one dispatcher thread, consumer group and worker pool per endpoint (isolation: a slow or
 * failing endpoint only holds back itself); one shared dead-letter producer and one shared producer
 * of delivery records. Every endpoint URL is checked against private networks before anything
 * starts.
 */
public final class WebhookDispatchers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatchers.class);

  /** Triggers per poll: small, since a poll only hands them to lines and returns. */
  private static final int MAX_POLL_RECORDS = 100;

  /** How long a stopping dispatcher may take to commit and close. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /** Connection set-up limit for every receiver; the request timeout is per endpoint. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final Map<String, EndpointDispatcher> dispatchers = new LinkedHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Producer<String, DeadLetter> deadLetters;
  private final Producer<String, FollowupDelivery> deliveries;

  public WebhookDispatchers(
      List<WebhookEndpoint> endpoints,
      String bootstrapServers,
      String applicationId,
      Map<String, ?> registryConfig,
      WebhookSender sender,
      Clock clock,
      EndpointDispatcher.DeliveryListener listener) {
    this(
        endpoints,
        bootstrapServers,
        applicationId,
        registryConfig,
        Topics.FOLLOWUP_TRIGGERS.name(),
        Map.of(),
        sender,
        OutboundAddresses.SYSTEM,
        clock,
        listener);
  }

  /**
   * @param triggersTopic {@code leadpipe.followup-triggers}; a test that writes poison uses its own
   *     topic, so that other readers of the shared one are not disturbed
   * @param consumerOverrides consumer settings over the defaults (tests scale {@code
   *     max.poll.interval.ms} down with it)
   */
  public WebhookDispatchers(
      List<WebhookEndpoint> endpoints,
      String bootstrapServers,
      String applicationId,
      Map<String, ?> registryConfig,
      String triggersTopic,
      Map<String, ?> consumerOverrides,
      WebhookSender sender,
      OutboundAddresses.Resolver resolver,
      Clock clock,
      EndpointDispatcher.DeliveryListener listener) {
    endpoints.forEach(e -> checkAddress(e, resolver));
    Map<String, Object> producerConfig = new HashMap<>(registryConfig);
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
    this.deliveries =
        endpoints.isEmpty()
            ? null
            : new KafkaProducer<>(
                producerConfig,
                Topics.FOLLOWUP_DELIVERIES.keySerde().serializer(),
                Topics.FOLLOWUP_DELIVERIES.valueSerde(registryConfig).serializer());
    for (WebhookEndpoint e : endpoints) {
      Map<String, Object> c = new HashMap<>(registryConfig);
      c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      c.put(ConsumerConfig.GROUP_ID_CONFIG, EndpointDispatcher.groupId(applicationId, e));
      // Only triggers from committed notifier transactions: an aborted attempt must never reach a
      // receiver.
      c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
      c.putAll(consumerOverrides);
      // Values are decoded by the dispatcher, so a poison record is dead-lettered, not thrown.
      KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(
              c, Topics.FOLLOWUP_TRIGGERS.keySerde().deserializer(), new ByteArrayDeserializer());
      dispatchers.put(
          e.name(),
          new EndpointDispatcher(
              e,
              triggersTopic,
              consumer,
              deadLetters,
              deliveries,
              Topics.FOLLOWUP_TRIGGERS.valueSerde(registryConfig).deserializer(),
              sender,
              resolver,
              clock,
              listener));
    }
  }

  /**
   * Refuses at start-up a URL that is not http(s) or resolves to a non-public address, unless the
   * endpoint allows private networks; a host that does not resolve yet is only warned about (the
   * check runs again before every delivery).
   */
  static void checkAddress(WebhookEndpoint e, OutboundAddresses.Resolver resolver) {
    Optional<OutboundAddresses.Refusal> refusal =
        OutboundAddresses.refusal(e.url(), e.allowPrivateNetwork(), resolver);
    if (refusal.isEmpty()) {
      return;
    }
    if (refusal.get().unresolved()) {
      LOG.warn(
          "webhook {}: {}; checked again before each delivery", e.name(), refusal.get().reason());
      return;
    }
    throw new ConfigBindingException(
        "leadpipe.webhooks." + e.name() + ".url",
        refusal.get().reason()
            + "; a receiver on a private network must be allowed explicitly with"
            + " leadpipe.webhooks."
            + e.name()
            + ".allow-private-network: true");
  }

  public static WebhookSender defaultSender() {
    return WebhookSender.jdk(
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build());
  }

  /** The dispatcher of endpoint {@code name}, if configured. */
  public Optional<EndpointDispatcher> dispatcher(String name) {
    return Optional.ofNullable(dispatchers.get(name));
  }

  public List<EndpointDispatcher> all() {
    return List.copyOf(dispatchers.values());
  }

  public void start() {
    for (EndpointDispatcher d : dispatchers.values()) {
      Thread t = new Thread(d, "webhook-dispatcher-" + d.endpoint().name());
      t.start();
      threads.add(t);
    }
  }

  @Override
  public void close() throws InterruptedException {
    dispatchers.values().forEach(EndpointDispatcher::close);
    for (Thread t : threads) {
      t.join(STOP_TIMEOUT.toMillis());
    }
    if (deadLetters != null) {
      deadLetters.close(STOP_TIMEOUT);
    }
    if (deliveries != null) {
      deliveries.close(STOP_TIMEOUT);
    }
  }
}
