package io.leadpipe.registry.serde;

import static io.leadpipe.registry.testdata.Schemas.LEAD_V1;
import static io.leadpipe.registry.testdata.Schemas.LEAD_V2;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.registry.server.DevSchemaRegistry;
import io.leadpipe.registry.server.DevSchemaRegistryConfig;
import io.leadpipe.registry.testdata.Lead;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Serdes against the dev registry over real HTTP (in-memory mode). */
class SerdeOverHttpTest {
  private DevSchemaRegistry registry;
  private Map<String, Object> config;

  @BeforeEach
  void start() {
    registry = DevSchemaRegistry.start(DevSchemaRegistryConfig.inMemory());
    config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void specificRecordsRoundTrip() {
    SpecificAvroSerde<Lead> serde = new SpecificAvroSerde<>();
    serde.configure(config, false);

    Lead read =
        serde
            .deserializer()
            .deserialize("leads", serde.serializer().serialize("leads", new Lead("x@y.z", 42)));

    assertThat(read).isInstanceOf(Lead.class);
    assertThat(read.email()).isEqualTo("x@y.z");
    assertThat(read.score()).isEqualTo(42);
    assertThat(registry.store().subjects()).containsExactly("leads-value");
  }

  @Test
  void genericRecordsRoundTrip() {
    Schema schema = new Schema.Parser().parse(LEAD_V1);
    GenericRecord lead = new GenericData.Record(schema);
    lead.put("email", "g@h.i");
    lead.put("score", 3);
    GenericAvroSerde serde = new GenericAvroSerde();
    serde.configure(config, false);

    GenericRecord read =
        serde.deserializer().deserialize("leads", serde.serializer().serialize("leads", lead));

    assertThat(read).isEqualTo(lead);
  }

  @Test
  void steadyStateMakesNoRegistryCallPerRecord() {
    SpecificAvroSerde<Lead> producerSide = new SpecificAvroSerde<>();
    producerSide.configure(config, false);
    SpecificAvroSerde<Lead> consumerSide = new SpecificAvroSerde<>();
    consumerSide.configure(config, false);
    long before = registry.requestCount();

    List<Lead> read = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      byte[] bytes = producerSide.serializer().serialize("leads", new Lead("n" + i, i));
      read.add(consumerSide.deserializer().deserialize("leads", bytes));
    }

    // One register for the producer, one schema-by-id fetch for the consumer.
    assertThat(registry.requestCount() - before).isEqualTo(2);
    assertThat(read).hasSize(100);
    assertThat(read.get(99).score()).isEqualTo(99);
  }

  @Test
  void aReaderOnANewerCompatibleSchemaDecodesOldRecords() {
    GenericAvroSerde oldWriter = new GenericAvroSerde();
    oldWriter.configure(config, false);
    GenericRecord old = new GenericData.Record(new Schema.Parser().parse(LEAD_V1));
    old.put("email", "old@lead");
    old.put("score", 5);
    byte[] bytes = oldWriter.serializer().serialize("leads", old);

    Schema v2 = new Schema.Parser().parse(LEAD_V2);
    GenericAvroSerde newReader =
        new GenericAvroSerde(
            io.leadpipe.registry.client.SchemaRegistryClients.fromConfig(config), v2);
    newReader.configure(config, false);
    GenericRecord read = newReader.deserializer().deserialize("leads", bytes);

    assertThat(read.getSchema()).isEqualTo(v2);
    assertThat(read.get("email").toString()).isEqualTo("old@lead");
    assertThat(read.get("segment").toString()).isEqualTo("unknown");
  }

  @Test
  void useLatestVersionWritesWithTheSubjectsLatestId() {
    int latest = registry.store().register("leads-value", LEAD_V1);
    SpecificAvroSerde<Lead> serde = new SpecificAvroSerde<>();
    serde.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            registry.url(),
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
            false,
            AvroSerdeConfig.USE_LATEST_VERSION,
            true),
        false);

    byte[] bytes = serde.serializer().serialize("leads", new Lead("l", 1));

    assertThat(bytes[4]).isEqualTo((byte) latest);
  }
}
