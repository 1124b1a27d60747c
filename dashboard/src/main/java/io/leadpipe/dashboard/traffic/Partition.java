package io.leadpipe.dashboard.traffic;

/** One partition of a topic, without Kafka's types, so the arithmetic here stays plain. */
public record Partition(String topic, int partition) {}
