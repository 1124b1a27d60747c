package io.leadpipe.dashboard.traffic;

import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads, with the Admin client, the end offsets of every catalogue topic and the committed offsets
 * of every consumer group (Kafka Streams applications are groups named by their application id),
 * and turns them into end offsets per topic and lag per group. End offsets are read as
 * read_committed consumers see them (the last stable offset), so an exactly-once application that
 * is fully caught up shows no lag.
 */
public final class OffsetSampler {

  /** End offsets per catalogue topic and lag per group, read at one moment. */
  public record Reading(Map<String, Long> endOffsetsPerTopic, List<GroupLag> lag) {}

  private final Admin admin;
  private final Duration timeout;
  private final List<String> topics = Topics.all().stream().map(Topic::name).toList();

  public OffsetSampler(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  public Reading read() throws InterruptedException, ExecutionException, TimeoutException {
    Map<String, Map<Partition, Long>> committed = committedOffsets();
    Set<TopicPartition> partitions = new HashSet<>(cataloguePartitions());
    committed
        .values()
        .forEach(
            offsets ->
                offsets
                    .keySet()
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition()))));
    Map<Partition, Long> ends = endOffsets(partitions);
    Map<String, Long> perTopic = new TreeMap<>();
    ends.forEach(
        (p, end) -> {
          if (topics.contains(p.topic())) {
            perTopic.merge(p.topic(), end, Long::sum);
          }
        });
    return new Reading(perTopic, ConsumerLag.of(committed, ends));
  }

  /** Partitions of the catalogue topics that exist; a topic not created yet is left out. */
  private List<TopicPartition> cataloguePartitions() throws InterruptedException, TimeoutException {
    Map<String, KafkaFuture<TopicDescription>> described =
        admin.describeTopics(topics).topicNameValues();
    List<TopicPartition> out = new ArrayList<>();
    for (KafkaFuture<TopicDescription> future : described.values()) {
      try {
        TopicDescription d = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        d.partitions().forEach(p -> out.add(new TopicPartition(d.name(), p.partition())));
      } catch (ExecutionException missingTopic) {
        // Not created yet (the service provisions topics at start): no rate for it this time.
      }
    }
    return out;
  }

  private Map<String, Map<Partition, Long>> committedOffsets()
      throws InterruptedException, ExecutionException, TimeoutException {
    List<String> groups =
        admin
            .listGroups(ListGroupsOptions.forConsumerGroups())
            .all()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .stream()
            .map(GroupListing::groupId)
            .toList();
    if (groups.isEmpty()) {
      return Map.of();
    }
    Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
    groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
    Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets =
        admin.listConsumerGroupOffsets(specs).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Map<String, Map<Partition, Long>> out = new TreeMap<>();
    offsets.forEach(
        (group, byPartition) -> {
          Map<Partition, Long> committed = new HashMap<>();
          byPartition.forEach(
              (tp, om) -> {
                if (om != null) {
                  committed.put(new Partition(tp.topic(), tp.partition()), om.offset());
                }
              });
          out.put(group, committed);
        });
    return out;
  }

  /** End offsets of the partitions that answered; a partition of a deleted topic is left out. */
  private Map<Partition, Long> endOffsets(Set<TopicPartition> partitions)
      throws InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
    ListOffsetsResult result =
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED));
    Map<Partition, Long> out = new HashMap<>();
    for (TopicPartition tp : partitions) {
      try {
        out.put(
            new Partition(tp.topic(), tp.partition()),
            result.partitionResult(tp).get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset());
      } catch (ExecutionException gone) {
        // Deleted between listing and reading: nothing to report for it.
      }
    }
    return out;
  }
}
