package io.leadpipe.notifier.webhook;

import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.topics.Topics;
import io.micronaut.serde.annotation.Serdeable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The webhook dispatchers' dead letters, read from {@code leadpipe.dead-letters} (no consumer
 * group: reading commits nothing): listed newest last, or one fetched by its partition and offset
 * for a replay. A record in the topic that cannot be decoded is skipped, not fatal.
 */
public final class WebhookDeadLetters {

  /** One webhook dead letter as the admin API shows it (no body: it holds personal data). */
  @Serdeable
  public record Entry(
      int partition,
      long offset,
      String endpoint,
      String triggerId,
      String reason,
      String error,
      Integer attempts,
      Integer lastStatus,
      Instant failedAt,
      boolean replayable) {}

  /** A webhook dead letter and the key (visitor id) it was written with. */
  public record Found(DeadLetter deadLetter, String key) {}

  /** A dead letter that can be delivered again: where, what, for whom. */
  public record Replayable(String endpoint, String key, String triggerId, String body) {}

  private static final Duration POLL = Duration.ofMillis(200);

  private final Map<String, Object> consumerConfig;
  private final Deserializer<DeadLetter> decoder;
  private final Duration readTimeout;
  private final Clock clock;

  public WebhookDeadLetters(
      String bootstrapServers, Map<String, ?> registryConfig, Duration readTimeout, Clock clock) {
    this.consumerConfig = new HashMap<>(registryConfig);
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.decoder = Topics.DEAD_LETTERS.valueSerde(registryConfig).deserializer();
    this.readTimeout = readTimeout;
    this.clock = clock;
  }

  /** The latest {@code limit} webhook dead letters, of one endpoint or (null) all. */
  public List<Entry> list(String endpoint, int limit) {
    ArrayDeque<Entry> latest = new ArrayDeque<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.DEAD_LETTERS.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Instant deadline = clock.instant().plus(readTimeout);
      while (!reached(consumer, end) && clock.instant().isBefore(deadline)) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          decode(r)
              .filter(dl -> isWebhook(dl, endpoint))
              .ifPresent(
                  dl -> {
                    latest.addLast(entry(r, dl));
                    if (latest.size() > limit) {
                      latest.removeFirst();
                    }
                  });
        }
      }
    }
    return List.copyOf(latest);
  }

  /** The dead letter at {@code partition}/{@code offset}, if it is a webhook delivery's. */
  public Optional<Found> find(int partition, long offset) {
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      TopicPartition tp = new TopicPartition(Topics.DEAD_LETTERS.name(), partition);
      if (consumer.partitionsFor(tp.topic()).stream().noneMatch(p -> p.partition() == partition)) {
        return Optional.empty();
      }
      consumer.assign(List.of(tp));
      consumer.seek(tp, offset);
      Instant deadline = clock.instant().plus(readTimeout);
      while (consumer.position(tp) <= offset && clock.instant().isBefore(deadline)) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          if (r.offset() == offset) {
            return decode(r).filter(dl -> isWebhook(dl, null)).map(dl -> new Found(dl, r.key()));
          }
        }
      }
      return Optional.empty();
    }
  }

  /** What a replay needs, when the dead letter is a delivery (not a poison record). */
  public static Optional<Replayable> replayable(Found found) {
    DeadLetter dl = found.deadLetter();
    if (!isDelivery(dl)) {
      return Optional.empty();
    }
    ByteBuffer body = dl.getOriginalValue().duplicate();
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    return Optional.of(
        new Replayable(
            endpointOf(dl),
            found.key() != null ? found.key() : dl.getDetails().get("triggerId"),
            dl.getDetails().get("triggerId"),
            new String(bytes, StandardCharsets.UTF_8)));
  }

  public static String endpointOf(DeadLetter dl) {
    return dl.getSource().substring(EndpointDispatcher.SOURCE_PREFIX.length());
  }

  private static boolean isDelivery(DeadLetter dl) {
    return (EndpointDispatcher.DEAD_LETTER_REASON.equals(dl.getReason())
            || EndpointDispatcher.REFUSED_REASON.equals(dl.getReason()))
        && dl.getOriginalValue() != null
        && dl.getDetails().get("triggerId") != null;
  }

  private static boolean isWebhook(DeadLetter dl, String endpoint) {
    return dl.getSource() != null
        && dl.getSource().startsWith(EndpointDispatcher.SOURCE_PREFIX)
        && (endpoint == null || endpointOf(dl).equals(endpoint));
  }

  private static Entry entry(ConsumerRecord<String, byte[]> r, DeadLetter dl) {
    Map<String, String> d = dl.getDetails();
    return new Entry(
        r.partition(),
        r.offset(),
        endpointOf(dl),
        d.get("triggerId"),
        dl.getReason(),
        dl.getErrorMessage(),
        number(d.get("attempts")),
        number(d.get("lastStatus")),
        dl.getFailedAt(),
        isDelivery(dl));
  }

  private static Integer number(String s) {
    try {
      return s == null ? null : Integer.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Optional<DeadLetter> decode(ConsumerRecord<String, byte[]> r) {
    try {
      return Optional.ofNullable(decoder.deserialize(r.topic(), r.headers(), r.value()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    Set<TopicPartition> partitions = end.keySet();
    for (TopicPartition tp : partitions) {
      if (consumer.position(tp) < end.get(tp)) {
        return false;
      }
    }
    return true;
  }

  private KafkaConsumer<String, byte[]> consumer() {
    return new KafkaConsumer<>(
        consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
