package io.leadpipe.hesitation;

import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads committed hesitations of some visitors in the background, as a downstream consumer would,
 * noting when each one arrived (to measure detection lag).
 */
public final class HesitationsReader implements AutoCloseable {

  /** One hesitation and the wall-clock time it was read. */
  public record Received(Hesitation hesitation, Instant receivedAt) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicBoolean reading = new AtomicBoolean(true);
  private final Thread thread;

  public HesitationsReader(
      String bootstrapServers, Map<String, ?> registryConfig, Predicate<String> visitors) {
    KafkaConsumer<String, Hesitation> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "hesitations-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            Topics.HESITATIONS.valueSerde(registryConfig).deserializer());
    consumer.subscribe(Set.of(Topics.HESITATIONS.name()));
    thread =
        new Thread(
            () -> {
              try (consumer) {
                while (reading.get()) {
                  consumer
                      .poll(Duration.ofMillis(50))
                      .forEach(
                          r -> {
                            if (visitors.test(r.key())) {
                              received.add(new Received(r.value(), Instant.now()));
                            }
                          });
                }
              }
            },
            "hesitations-reader");
    thread.start();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<Hesitation> of(String visitor) {
    return received.stream()
        .map(Received::hesitation)
        .filter(h -> h.getVisitorId().equals(visitor))
        .toList();
  }

  @Override
  public void close() throws InterruptedException {
    reading.set(false);
    thread.join(10_000);
  }
}
