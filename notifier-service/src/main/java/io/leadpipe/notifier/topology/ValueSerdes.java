package io.leadpipe.notifier.topology;

import io.leadpipe.schemas.topics.Topic;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** Where the topology gets value serdes: the registry in production; tests may use plain Avro binary. */
public interface ValueSerdes {

  <V extends SpecificRecord> Serde<V> forTopic(Topic<V> topic);

  /** Confluent-wire-format serdes from the topic catalogue, configured with the registry settings. */
  static ValueSerdes registry(Map<String, ?> registryConfig) {
    return new ValueSerdes() {
      @Override
      public <V extends SpecificRecord> Serde<V> forTopic(Topic<V> topic) {
        return topic.valueSerde(registryConfig);
      }
    };
  }
}
