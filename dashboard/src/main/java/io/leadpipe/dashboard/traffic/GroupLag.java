package io.leadpipe.dashboard.traffic;

import java.util.Map;

/**
 * How far one consumer group (for a Kafka Streams app: its application id) is behind: records
 * between its committed offsets and the end of each partition it has committed on.
 */
public record GroupLag(String group, long lag, int partitions, Map<String, Long> lagByTopic) {}
