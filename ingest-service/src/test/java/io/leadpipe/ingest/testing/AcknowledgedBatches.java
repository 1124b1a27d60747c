package io.leadpipe.ingest.testing;

import static org.awaitility.Awaitility.await;

import io.leadpipe.schemas.identity.IdentityEvent;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The traffic of the broker-failure tests: batches of events with ids of their own, sent until
 * acknowledged, then counted on the topics, so "every acknowledged event stored, nothing stored
 * that was never acknowledged" can be checked id by id.
 */
public final class AcknowledgedBatches {

  private static final Duration POLL = Duration.ofMillis(200);

  private AcknowledgedBatches() {}

  /** The message ids of a client's next batch: {@code <client>-<sequence>-<i>}. */
  public static List<String> nextIds(String client, int sequence, int events) {
    List<String> ids = new ArrayList<>(events);
    for (int i = 0; i < events; i++) {
      ids.add(client + "-" + sequence + "-" + i);
    }
    return ids;
  }

  /**
   * A {@code /v1/batch} body with these ids: every third event is an identify (to
   * leadpipe.identities), the others track and page (to leadpipe.web-events).
   */
  public static String batch(String client, List<String> ids) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String visitor = client + "-v" + (i % 3);
      events.add(
          switch (i % 3) {
            case 0 ->
                """
            {"type": "track", "anonymousId": "%s", "messageId": "%s", "event": "Product Viewed",
             "properties": {"product_id": "p-%d", "price": 19.5}}"""
                    .formatted(visitor, ids.get(i), i);
            case 1 ->
                """
            {"type": "page", "anonymousId": "%s", "messageId": "%s", "properties": {"url": "https://shop.example/"}}"""
                    .formatted(visitor, ids.get(i));
            default ->
                """
            {"type": "identify", "anonymousId": "%s", "userId": "u-%s", "messageId": "%s", "traits": {"age": 30}}"""
                    .formatted(visitor, visitor, ids.get(i));
          });
    }
    return "{\"batch\": [" + String.join(",", events) + "]}";
  }

  /**
   * The acknowledged events against those found on the topics.
   *
   * @param acknowledged events whose request was answered with success
   * @param found distinct events found on the topics
   * @param records records found (an event Kafka stored while its answer was lost, then sent again,
   *     is there twice)
   * @param lost acknowledged but not found
   * @param storedWithoutSuccess found but never acknowledged
   */
  public record Reconciled(
      int acknowledged, int found, int records, long lost, long storedWithoutSuccess) {

    public int duplicates() {
      return records - found;
    }

    @Override
    public String toString() {
      return String.format(
          "events acknowledged %d, found %d (%d records, %d duplicates), "
              + "acknowledged but not found %d, found but never acknowledged %d",
          acknowledged, found, records, duplicates(), lost, storedWithoutSuccess);
    }
  }

  /** Reconciles the acknowledged events with the copies found ({@link #copiesOnTopics}). */
  public static Reconciled reconcile(Set<String> acknowledged, Map<String, Integer> copies) {
    Set<String> found = copies.keySet();
    return new Reconciled(
        acknowledged.size(),
        found.size(),
        copies.values().stream().mapToInt(Integer::intValue).sum(),
        acknowledged.stream().filter(id -> !found.contains(id)).count(),
        found.stream().filter(id -> !acknowledged.contains(id)).count());
  }

  /**
   * The copies of each message id starting with {@code prefix} on leadpipe.web-events and
   * leadpipe.identities, read to their ends.
   */
  public static Map<String, Integer> copiesOnTopics(
      String bootstrapServers, Map<String, ?> registryConfig, String prefix, Duration wait) {
    Map<String, Integer> copies = new ConcurrentHashMap<>();
    count(
        bootstrapServers,
        registryConfig,
        Topics.WEB_EVENTS,
        prefix,
        copies,
        e -> ((WebEvent) e).getMessageId(),
        wait);
    count(
        bootstrapServers,
        registryConfig,
        Topics.IDENTITIES,
        prefix,
        copies,
        e -> ((IdentityEvent) e).getMessageId(),
        wait);
    return copies;
  }

  private static <V extends SpecificRecord> void count(
      String bootstrapServers,
      Map<String, ?> registryConfig,
      Topic<V> topic,
      String prefix,
      Map<String, Integer> copies,
      Function<SpecificRecord, String> messageId,
      Duration wait) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            config, IngestApp.keys(), topic.valueSerde(registryConfig).deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name()).stream()
              .map(p -> new TopicPartition(topic.name(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await("reading " + topic.name() + " to its end")
          .atMost(wait)
          .until(
              () -> {
                for (ConsumerRecord<String, V> r : consumer.poll(POLL)) {
                  String id = messageId.apply(r.value());
                  if (id.startsWith(prefix)) {
                    copies.merge(id, 1, Integer::sum);
                  }
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
              });
    }
  }
}
