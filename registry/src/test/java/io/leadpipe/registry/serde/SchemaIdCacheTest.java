package io.leadpipe.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.registry.client.SchemaRegistryClient;
import io.leadpipe.registry.client.SchemaRegistryClients;
import io.leadpipe.registry.testdata.Lead;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The serializer asks the registry once per subject and schema, not once per record. */
class SchemaIdCacheTest {
  private static final String SCOPE = "schema-id-cache-test";
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  @AfterEach
  void dropScope() {
    SchemaRegistryClients.dropScope(SCOPE);
  }

  /** The mock client, counting the calls by method name. */
  private SchemaRegistryClient countingClient() {
    SchemaRegistryClient store = SchemaRegistryClients.mockScope(SCOPE);
    return (SchemaRegistryClient)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {SchemaRegistryClient.class},
            (proxy, method, args) -> {
              calls.computeIfAbsent(method.getName(), m -> new AtomicInteger()).incrementAndGet();
              return method.invoke(store, args);
            });
  }

  @Test
  void registersOncePerSubjectHoweverManyRecords() {
    AvroSerializer<Lead> serializer = new AvroSerializer<>(countingClient());
    serializer.configure(Map.of(), false);

    for (int i = 0; i < 1_000; i++) {
      serializer.serialize("leads", new Lead("v" + i, i));
      serializer.serialize("leads-changelog", new Lead("v" + i, i));
    }

    assertThat(calls.get("register")).hasValue(2);
    assertThat(SchemaRegistryClients.mockScope(SCOPE).subjects())
        .containsExactlyInAnyOrder("leads-value", "leads-changelog-value");
  }

  @Test
  void lookupsWithoutAutoRegisterAreCachedToo() {
    SchemaRegistryClients.mockScope(SCOPE)
        .register("leads-value", Lead.getClassSchema().toString());
    AvroSerializer<Lead> serializer = new AvroSerializer<>(countingClient());
    serializer.configure(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false), false);

    for (int i = 0; i < 100; i++) {
      serializer.serialize("leads", new Lead("v" + i, i));
    }

    assertThat(calls.get("lookup")).hasValue(1);
    assertThat(calls).doesNotContainKey("register");
  }

  @Test
  void genericAndSpecificRecordsOfOneSchemaWriteTheSameBytes() {
    AvroSerializer<Object> serializer = new AvroSerializer<>(countingClient());
    serializer.configure(Map.of(), false);
    Lead specific = new Lead("ab", 1);
    GenericData.Record generic = new GenericData.Record(Lead.getClassSchema());
    generic.put(0, "ab");
    generic.put(1, 1);

    assertThat(serializer.serialize("leads", specific))
        .isEqualTo(serializer.serialize("leads", generic));
  }
}
