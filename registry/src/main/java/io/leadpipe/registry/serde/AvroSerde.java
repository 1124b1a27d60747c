package io.leadpipe.registry.serde;

import io.leadpipe.registry.client.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializer and deserializer in the Confluent wire format, as one Kafka (and Kafka Streams) {@link
 * Serde}.
 */
public class AvroSerde<T> implements Serde<T> {
  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  public AvroSerde() {
    this(new AvroSerializer<>(), new AvroDeserializer<>());
  }

  public AvroSerde(SchemaRegistryClient client) {
    this(client, null);
  }

  public AvroSerde(SchemaRegistryClient client, Schema readerSchema) {
    this(new AvroSerializer<>(client), new AvroDeserializer<>(client, readerSchema));
  }

  protected AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
    this.serializer = serializer;
    this.deserializer = deserializer;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  protected AvroDeserializer<T> avroDeserializer() {
    return deserializer;
  }

  @Override
  public void close() {
    serializer.close();
    deserializer.close();
  }
}
