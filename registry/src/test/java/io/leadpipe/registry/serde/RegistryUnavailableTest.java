package io.leadpipe.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.registry.server.DevSchemaRegistry;
import io.leadpipe.registry.server.DevSchemaRegistryConfig;
import io.leadpipe.registry.testdata.Lead;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A record is blamed only for what is in it: an unknown schema id or bytes that do not decode. A
 * registry that cannot answer makes the serdes throw {@link SchemaRegistryUnavailableException}, so
 * callers wait and retry instead of dead-lettering valid records.
 */
class RegistryUnavailableTest {
  private static final int UNKNOWN_ID = 4711;

  private DevSchemaRegistry registry;
  private Map<String, Object> config;

  @BeforeEach
  void start() {
    registry = DevSchemaRegistry.start(DevSchemaRegistryConfig.inMemory());
    config =
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            registry.url(),
            AvroSerdeConfig.MAX_RETRIES,
            "0",
            AvroSerdeConfig.REQUEST_TIMEOUT_MS,
            "2000");
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void aValidRecordWhoseSchemaCannotBeFetchedIsNotBlamed() {
    SpecificAvroSerde<Lead> writer = new SpecificAvroSerde<>();
    writer.configure(config, false);
    byte[] valid = writer.serializer().serialize("leads", new Lead("x@y.z", 1));
    Deserializer<Lead> reader = fresh();

    registry.close();

    assertThatThrownBy(() -> reader.deserialize("leads", valid))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining("unavailable");
  }

  @Test
  void aSerializerThatCannotRegisterIsNotBlamedEither() {
    SpecificAvroSerde<Lead> writer = new SpecificAvroSerde<>();
    writer.configure(config, false);

    registry.close();

    assertThatThrownBy(() -> writer.serializer().serialize("leads", new Lead("x@y.z", 1)))
        .isInstanceOf(SchemaRegistryUnavailableException.class);
  }

  @Test
  void anUnknownSchemaIdIsTheRecordsFault() {
    byte[] unknownId =
        ByteBuffer.allocate(WireFormat.HEADER_SIZE + 1)
            .put(WireFormat.MAGIC_BYTE)
            .putInt(UNKNOWN_ID)
            .put((byte) 2)
            .array();

    Throwable thrown = catchFrom(() -> fresh().deserialize("leads", unknownId));

    assertThat(thrown)
        .isInstanceOf(SerializationException.class)
        .isNotInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageContaining(String.valueOf(UNKNOWN_ID));
    assertThat(SchemaRegistryUnavailableException.isCauseOf(thrown)).isFalse();
  }

  @Test
  void garbageIsTheRecordsFaultEvenWithTheRegistryDown() {
    Deserializer<Lead> reader = fresh();
    registry.close();

    Throwable thrown = catchFrom(() -> reader.deserialize("leads", new byte[] {7, 7, 7, 7, 7, 7}));

    assertThat(thrown).isInstanceOf(SerializationException.class);
    assertThat(SchemaRegistryUnavailableException.isCauseOf(thrown)).isFalse();
  }

  @Test
  void isCauseOfLooksThroughWrappers() {
    var unavailable = new SchemaRegistryUnavailableException("down", null);

    assertThat(
            SchemaRegistryUnavailableException.isCauseOf(
                new IllegalStateException("outer", new RuntimeException("inner", unavailable))))
        .isTrue();
    assertThat(SchemaRegistryUnavailableException.isCauseOf(new RuntimeException("other")))
        .isFalse();
  }

  private Deserializer<Lead> fresh() {
    SpecificAvroSerde<Lead> serde = new SpecificAvroSerde<>();
    serde.configure(config, false);
    return serde.deserializer();
  }

  private static Throwable catchFrom(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }
}
