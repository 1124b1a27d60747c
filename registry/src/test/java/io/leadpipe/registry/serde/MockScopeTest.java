package io.leadpipe.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.registry.client.SchemaRegistryClients;
import io.leadpipe.registry.testdata.Lead;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockScopeTest {
  @AfterEach
  void dropScopes() {
    SchemaRegistryClients.dropScope("shared");
    SchemaRegistryClients.dropScope("other");
  }

  private static SpecificAvroSerde<Lead> serde(String url) {
    SpecificAvroSerde<Lead> serde = new SpecificAvroSerde<>();
    serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url), false);
    return serde;
  }

  @Test
  void serdesOfOneScopeShareTheRegistry() {
    byte[] bytes = serde("mock://shared").serializer().serialize("leads", new Lead("a@b.c", 7));

    Lead read = serde("mock://shared").deserializer().deserialize("leads", bytes);

    assertThat(read.email()).isEqualTo("a@b.c");
    assertThat(read.score()).isEqualTo(7);
  }

  @Test
  void otherScopesAndDroppedScopesDoNotSeeTheSchemas() {
    byte[] bytes = serde("mock://shared").serializer().serialize("leads", new Lead("a@b.c", 7));

    assertThatThrownBy(() -> serde("mock://other").deserializer().deserialize("leads", bytes))
        .isInstanceOf(SerializationException.class);
    SchemaRegistryClients.dropScope("shared");
    assertThatThrownBy(() -> serde("mock://shared").deserializer().deserialize("leads", bytes))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void withoutAutoRegisterTheSchemaMustAlreadyBeThere() {
    SpecificAvroSerde<Lead> lookupOnly = new SpecificAvroSerde<>();
    lookupOnly.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            "mock://shared",
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
            "false"),
        false);

    assertThatThrownBy(() -> lookupOnly.serializer().serialize("leads", new Lead("a", 1)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("leads-value");
    int id =
        SchemaRegistryClients.mockScope("shared").register("leads-value", Lead.SCHEMA$.toString());
    byte[] bytes = lookupOnly.serializer().serialize("leads", new Lead("a", 1));
    assertThat(bytes[4]).isEqualTo((byte) id);
  }
}
