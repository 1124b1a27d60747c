package io.leadpipe.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a consumer group (a Streams application) has committed its way to the end of what it
 * reads.
 */
final class GroupLag {

  private GroupLag() {}

  /** True when the group has committed an offset at the end of every partition it reads. */
  static boolean caughtUp(Admin admin, String groupId) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
      if (committed.isEmpty()) {
        return false;
      }
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all().get();
      for (var e : committed.entrySet()) {
        // Under EOS the end offset includes the commit marker after the last record.
        if (e.getValue() == null || ends.get(e.getKey()).offset() - e.getValue().offset() > 1) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    }
  }
}
