package io.leadpipe.registry.serde;

import io.leadpipe.registry.client.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Serde for generated Avro classes: always reads into the generated class (specific.avro.reader
 * implied).
 */
public class SpecificAvroSerde<T extends SpecificRecord> extends AvroSerde<T> {
  public SpecificAvroSerde() {
    super();
  }

  public SpecificAvroSerde(SchemaRegistryClient client) {
    super(client);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    super.configure(configs, isKey);
    avroDeserializer().useSpecificReader(true);
  }
}
