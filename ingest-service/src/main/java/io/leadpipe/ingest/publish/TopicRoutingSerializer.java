package io.leadpipe.ingest.publish;

import io.leadpipe.registry.client.SchemaRegistryClient;
import io.leadpipe.registry.serde.AvroSerializer;
import io.leadpipe.schemas.topics.Topic;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One value serializer for the topics ingest writes (Confluent wire format, subjects named after
 * the topics). It lets a single idempotent producer (one connection set, one batch pipeline) serve
 * every topic.
 */
final class TopicRoutingSerializer implements Serializer<SpecificRecord> {

  private final Map<String, Serializer<SpecificRecord>> byTopic = new HashMap<>();

  TopicRoutingSerializer(
      List<Topic<?>> topics, Map<String, Object> registryConfig, SchemaRegistryClient client) {
    for (Topic<?> topic : topics) {
      AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>(client);
      serializer.configure(registryConfig, false);
      byTopic.put(topic.name(), serializer);
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
