package io.leadpipe.notifier.testing;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Consumer-group set-up for tests that share topics with other tests of the JVM. */
public final class ConsumerGroups {

  private static final long ADMIN_TIMEOUT_SECONDS = 30;

  private ConsumerGroups() {}

  /**
   * Commits the topic's current end for each group, so they read only what is written from now on.
   */
  public static void startAtTheEnd(KafkaTestEnvironment env, String topic, List<String> groupIds)
      throws Exception {
    Set<TopicPartition> partitions =
        env
            .admin()
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .get(topic)
            .partitions()
            .stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .collect(Collectors.toSet());
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
    env.admin()
        .listOffsets(latest)
        .all()
        .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .forEach((tp, info) -> ends.put(tp, new OffsetAndMetadata(info.offset())));
    for (String groupId : groupIds) {
      env.admin()
          .alterConsumerGroupOffsets(groupId, ends)
          .all()
          .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }
}
