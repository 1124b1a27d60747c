package io.leadpipe.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.registry.client.SchemaRegistryClients;
import io.leadpipe.registry.testdata.Lead;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WireFormatTest {
  private static final String SCOPE = "wire-format-test";
  private final Map<String, Object> config =
      Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE);

  @AfterEach
  void dropScope() {
    SchemaRegistryClients.dropScope(SCOPE);
  }

  @Test
  void framesRecordsExactlyAsConfluentDoes() {
    SpecificAvroSerde<Lead> serde = new SpecificAvroSerde<>();
    serde.configure(config, false);

    byte[] bytes = serde.serializer().serialize("leads", new Lead("ab", 1));

    // magic 0x00, schema id 1 as a 4-byte big-endian int, then Avro binary:
    // string "ab" = zig-zag length 2 -> 0x04, 'a', 'b'; int 1 = zig-zag 0x02.
    assertThat(bytes).containsExactly(0x00, 0x00, 0x00, 0x00, 0x01, 0x04, 'a', 'b', 0x02);
    assertThat(SchemaRegistryClients.mockScope(SCOPE).subjects()).containsExactly("leads-value");
  }

  @Test
  void keysUseTheKeySubjectAndIdsAboveOneByteAreBigEndian() {
    var store = SchemaRegistryClients.mockScope(SCOPE);
    for (int i = 0; i < 299; i++) {
      store.register("filler-" + i, "{\"type\":\"fixed\",\"name\":\"F" + i + "\",\"size\":1}");
    }
    SpecificAvroSerde<Lead> serde = new SpecificAvroSerde<>();
    serde.configure(config, true);

    byte[] bytes = serde.serializer().serialize("leads", new Lead("", 0));

    // id 300 = 0x0000012C
    assertThat(bytes).containsExactly(0x00, 0x00, 0x00, 0x01, 0x2C, 0x00, 0x00);
    assertThat(store.getLatest("leads-key").id()).isEqualTo(300);
  }

  @Test
  void nullIsATombstoneBothWays() {
    SpecificAvroSerde<Lead> serde = new SpecificAvroSerde<>();
    serde.configure(config, false);

    assertThat(serde.serializer().serialize("leads", null)).isNull();
    assertThat(serde.deserializer().deserialize("leads", null)).isNull();
  }

  @Test
  void badFramesFailWithTheTopicAndSchemaId() {
    SpecificAvroSerde<Lead> serde = new SpecificAvroSerde<>();
    serde.configure(config, false);
    byte[] good = serde.serializer().serialize("leads", new Lead("ab", 1));

    assertThatThrownBy(
            () -> serde.deserializer().deserialize("leads", new byte[] {1, 0, 0, 0, 1, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("magic byte")
        .hasMessageContaining("leads");
    assertThatThrownBy(
            () -> serde.deserializer().deserialize("leads", new byte[] {0, 0, 0, 0, 42, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("42")
        .hasMessageContaining("leads");
    assertThatThrownBy(() -> serde.deserializer().deserialize("leads", new byte[] {0, 0, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("too short")
        .hasMessageContaining("leads");
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 2);
    assertThatThrownBy(() -> serde.deserializer().deserialize("leads", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("schema id 1")
        .hasMessageContaining("leads");
  }
}
