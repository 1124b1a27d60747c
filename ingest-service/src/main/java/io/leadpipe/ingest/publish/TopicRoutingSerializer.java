package io.leadpipe.ingest.publish;

import io.leadpipe.schemas.topics.Topic;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One value serializer for the topics ingest writes, taking each topic's serde from the catalogue. It
 * lets a single idempotent producer (one connection set, one batch pipeline) serve every topic.
 */
final class TopicRoutingSerializer implements Serializer<SpecificRecord> {

  private final Map<String, Serializer<SpecificRecord>> byTopic = new HashMap<>();

  @SuppressWarnings("unchecked")
  TopicRoutingSerializer(List<Topic<?>> topics, Map<String, Object> registryConfig) {
    for (Topic<?> topic : topics) {
      byTopic.put(topic.name(), (Serializer<SpecificRecord>) topic.valueSerde(registryConfig).serializer());
    }
  }

  @Override
  public byte[] serialize(String topic, SpecificRecord data) {
    Serializer<SpecificRecord> serializer = byTopic.get(topic);
    if (serializer == null) {
      throw new SerializationException("ingest does not write to " + topic);
    }
    return serializer.serialize(topic, data);
  }

  @Override
  public void close() {
    byTopic.values().forEach(Serializer::close);
  }
}
