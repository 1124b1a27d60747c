package io.leadpipe.scoring.privacy;

import io.leadpipe.schemas.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * What a visitor-keyed topic still holds for some ids (within its retention): only the partitions
 * those keys hash to are read, from the beginning to the end offsets taken at the start, with a
 * deadline.
 */
public final class TopicHistory {

  private final Supplier<Consumer<String, byte[]>> consumers;
  private final Duration deadline;

  /**
   * @param consumers a fresh consumer per read (no group, no commits)
   */
  public TopicHistory(Supplier<Consumer<String, byte[]>> consumers, Duration deadline) {
    this.consumers = consumers;
    this.deadline = deadline;
  }

  public <V extends SpecificRecord> List<V> read(
      Topic<V> topic, Collection<String> keys, Map<String, ?> registryConfig) {
    var deserializer = topic.valueSerde(registryConfig).deserializer();
    List<V> found = new ArrayList<>();
    try (Consumer<String, byte[]> consumer = consumers.get()) {
      int partitions = consumer.partitionsFor(topic.name()).size();
      Set<TopicPartition> assigned =
          keys.stream()
              .map(
                  k ->
                      new TopicPartition(
                          topic.name(),
                          Utils.toPositive(
                                  Utils.murmur2(
                                      k.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                              % partitions))
              .collect(Collectors.toSet());
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
      long until = System.nanoTime() + deadline.toNanos();
      while (assigned.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > until) {
          throw new IllegalStateException(
              "reading " + topic.name() + " took longer than " + deadline);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (keys.contains(r.key()) && r.value() != null) {
            found.add(deserializer.deserialize(topic.name(), r.value()));
          }
        }
      }
    }
    return found;
  }
}
