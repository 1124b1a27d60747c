package io.leadpipe.benchmarks;

import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the segment phases (re-evaluation, timers) write straight to Kafka, bypassing ingest: one
 * page view per synthetic visitor, marked by a time zone no other traffic reports so a benchmark
 * segment can select exactly them, and the benchmark segment's definition.
 */
final class SyntheticVisitors {

  private static final String SOURCE = "bench";

  private SyntheticVisitors() {}

  /** One page view of {@code visitor} at {@code atMs}, in the marker {@code timezone}. */
  static WebEvent pageView(String visitor, String timezone, long atMs) {
    return WebEvent.newBuilder()
        .setMessageId(visitor)
        .setAnonymousId(visitor)
        .setEventTime(Instant.ofEpochMilli(atMs))
        .setReceivedAt(Instant.ofEpochMilli(atMs))
        .setSource(SOURCE)
        .setContext(EventContext.newBuilder().setPagePath("/").setTimezone(timezone).build())
        .setType(WebEventType.PAGE_VIEW)
        .setName("page")
        .build();
  }

  /** acks=all producer settings for {@code bootstrapServers}. */
  static Map<String, Object> producerProps(String bootstrapServers) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return props;
  }

  /** Writes a segment definition and waits for the acknowledgement. */
  static void define(
      String bootstrapServers, Map<String, ?> registryConfig, SegmentDefinition definition)
      throws Exception {
    try (KafkaProducer<String, SegmentDefinition> producer =
        new KafkaProducer<>(
            producerProps(bootstrapServers),
            Topics.SEGMENT_DEFINITIONS.keySerde().serializer(),
            Topics.SEGMENT_DEFINITIONS.valueSerde(registryConfig).serializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.SEGMENT_DEFINITIONS.name(), definition.getSegmentId(), definition))
          .get();
    }
  }
}
