package io.leadpipe.registry.client;

import static io.leadpipe.registry.testdata.Schemas.LEAD_REQUIRED_FIELD;
import static io.leadpipe.registry.testdata.Schemas.LEAD_V1;
import static io.leadpipe.registry.testdata.Schemas.LEAD_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.registry.server.DevSchemaRegistry;
import io.leadpipe.registry.server.DevSchemaRegistryConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against the dev registry: answers parsed, Confluent error codes typed. */
class RestClientErrorsTest {
  private DevSchemaRegistry registry;
  private RestSchemaRegistryClient client;

  @BeforeEach
  void start() {
    registry = DevSchemaRegistry.start(DevSchemaRegistryConfig.inMemory());
    client =
        new RestSchemaRegistryClient(
            List.of(registry.url()), null, Duration.ofSeconds(5), 0, Duration.ZERO);
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void everyOperationRoundTrips() {
    int id = client.register("leads-value", LEAD_V1);
    int id2 = client.register("leads-value", LEAD_V2);

    assertThat(client.lookup("leads-value", LEAD_V1))
        .isEqualTo(new RegisteredSchema("leads-value", id, 1, SchemaStoreCanonical.of(LEAD_V1)));
    assertThat(client.getById(id2)).isEqualTo(SchemaStoreCanonical.of(LEAD_V2));
    assertThat(client.getLatest("leads-value").version()).isEqualTo(2);
    assertThat(client.getVersion("leads-value", 1).id()).isEqualTo(id);
    assertThat(client.subjects()).containsExactly("leads-value");
    assertThat(client.versions("leads-value")).containsExactly(1, 2);
    assertThat(client.testCompatibility("leads-value", LEAD_V1).compatible()).isTrue();
    CompatibilityResult incompatible = client.testCompatibility("leads-value", LEAD_REQUIRED_FIELD);
    assertThat(incompatible.compatible()).isFalse();
    assertThat(incompatible.messages()).isNotEmpty();
    assertThat(client.testCompatibility("new-subject", LEAD_V1).compatible()).isTrue();
    assertThat(client.getCompatibility(null)).isEqualTo("BACKWARD");
    client.setCompatibility("leads-value", "FULL");
    assertThat(client.getCompatibility("leads-value")).isEqualTo("FULL");
    assertThat(client.getCompatibility("other")).isEqualTo("BACKWARD");
    client.setCompatibility(null, "NONE");
    assertThat(client.getCompatibility(null)).isEqualTo("NONE");
    assertThat(client.deleteVersion("leads-value", 1)).isEqualTo(1);
    assertThat(client.deleteSubject("leads-value")).containsExactly(2);
    assertThat(client.subjects()).isEmpty();
  }

  @Test
  void confluentErrorCodesBecomeTypedExceptions() {
    client.register("leads-value", LEAD_V1);

    assertThatThrownBy(() -> client.getLatest("missing"))
        .isInstanceOf(SchemaRegistryException.SubjectNotFoundException.class)
        .satisfies(e -> assertCode(e, 404, 40401));
    assertThatThrownBy(() -> client.getVersion("leads-value", 9))
        .isInstanceOf(SchemaRegistryException.VersionNotFoundException.class)
        .satisfies(e -> assertCode(e, 404, 40402));
    assertThatThrownBy(() -> client.getById(999))
        .isInstanceOf(SchemaRegistryException.SchemaNotFoundException.class)
        .satisfies(e -> assertCode(e, 404, 40403));
    assertThatThrownBy(() -> client.lookup("leads-value", LEAD_V2))
        .isInstanceOf(SchemaRegistryException.SchemaNotFoundException.class);
    assertThatThrownBy(() -> client.register("leads-value", LEAD_REQUIRED_FIELD))
        .isInstanceOf(SchemaRegistryException.IncompatibleSchemaException.class)
        .satisfies(e -> assertCode(e, 409, 409));
    assertThatThrownBy(() -> client.register("leads-value", "{not avro"))
        .isInstanceOf(SchemaRegistryException.InvalidSchemaException.class)
        .satisfies(e -> assertCode(e, 422, 42201));
    assertThatThrownBy(() -> client.getVersion("leads-value", 0))
        .isInstanceOf(SchemaRegistryException.InvalidVersionException.class)
        .satisfies(e -> assertCode(e, 422, 42202));
    assertThatThrownBy(() -> client.setCompatibility(null, "SIDEWAYS"))
        .isInstanceOf(SchemaRegistryException.InvalidCompatibilityLevelException.class)
        .satisfies(e -> assertCode(e, 422, 42203));
  }

  @Test
  void serverErrorCodesMapToTheServerExceptionType() {
    for (int code :
        new int[] {
          ErrorCodes.STORE_ERROR, ErrorCodes.OPERATION_TIMEOUT, ErrorCodes.FORWARDING_ERROR
        }) {
      assertThat(SchemaRegistryException.of(500, code, "boom"))
          .isInstanceOf(SchemaRegistryException.SchemaRegistryServerException.class)
          .satisfies(e -> assertCode(e, 500, code));
    }
  }

  private static void assertCode(Throwable e, int status, int code) {
    SchemaRegistryException error = (SchemaRegistryException) e;
    assertThat(error.status()).isEqualTo(status);
    assertThat(error.errorCode()).isEqualTo(code);
  }

  /** Avro's canonical form, as the registry stores and returns schemas. */
  private static final class SchemaStoreCanonical {
    static String of(String schema) {
      return io.leadpipe.registry.store.SchemaStore.canonical(schema);
    }
  }
}
