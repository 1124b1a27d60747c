package io.leadpipe.notifier.topology;

import io.leadpipe.schemas.topics.Topic;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Where the topology gets value serdes: the registry in production; tests may use plain Avro
 * binary.
 */
public interface ValueSerdes {

  <V extends SpecificRecord> Serde<V> forTopic(Topic<V> topic);

  /**
   * Confluent-wire-format serdes from the topic catalogue, configured with the registry settings. A
   * well-formed record of another schema would decode to that schema's class; it fails to
   * deserialize instead, so it is dead-lettered like garbage rather than failing the processor with
   * a ClassCastException.
   */
  static ValueSerdes registry(Map<String, ?> registryConfig) {
    return new ValueSerdes() {
      @Override
      public <V extends SpecificRecord> Serde<V> forTopic(Topic<V> topic) {
        Serde<V> serde = topic.valueSerde(registryConfig);
        Deserializer<V> decode = serde.deserializer();
        Deserializer<V> strict =
            (name, data) -> {
              Object value = decode.deserialize(name, data);
              if (value != null && !topic.valueType().isInstance(value)) {
                throw new SerializationException(
                    "record of schema "
                        + value.getClass().getName()
                        + " on "
                        + name
                        + ", expected "
                        + topic.valueType().getName());
              }
              return topic.valueType().cast(value);
            };
        return Serdes.serdeFrom(serde.serializer(), strict);
      }
    };
  }
}
