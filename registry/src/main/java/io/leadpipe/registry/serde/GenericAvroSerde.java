package io.leadpipe.registry.serde;

import io.leadpipe.registry.client.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Serde for {@link GenericRecord}s; reads with the writer's schema unless a reader schema is given.
 */
public class GenericAvroSerde extends AvroSerde<GenericRecord> {
  public GenericAvroSerde() {
    super();
  }

  public GenericAvroSerde(SchemaRegistryClient client) {
    super(client);
  }

  public GenericAvroSerde(SchemaRegistryClient client, Schema readerSchema) {
    super(client, readerSchema);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    super.configure(configs, isKey);
    avroDeserializer().useSpecificReader(false);
  }
}
