package io.leadpipe.dashboard.traffic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * lag(group) = Σ over its committed partitions of max(0, end offset − committed offset); largest
 * lag first.
 */
public final class ConsumerLag {
  private ConsumerLag() {}

  /**
   * @param committed committed offset per partition, per group
   * @param endOffsets end offset per partition (partitions without one, e.g. a deleted topic, are
   *     left out)
   */
  public static List<GroupLag> of(
      Map<String, Map<Partition, Long>> committed, Map<Partition, Long> endOffsets) {
    List<GroupLag> out = new ArrayList<>();
    committed.forEach(
        (group, offsets) -> {
          long total = 0;
          int partitions = 0;
          Map<String, Long> byTopic = new TreeMap<>();
          for (Map.Entry<Partition, Long> e : offsets.entrySet()) {
            Long end = endOffsets.get(e.getKey());
            if (end == null) {
              continue;
            }
            long lag = Math.max(0, end - e.getValue());
            total += lag;
            partitions++;
            byTopic.merge(e.getKey().topic(), lag, Long::sum);
          }
          if (partitions > 0) {
            out.add(new GroupLag(group, total, partitions, byTopic));
          }
        });
    out.sort(Comparator.comparingLong(GroupLag::lag).reversed().thenComparing(GroupLag::group));
    return out;
  }
}
