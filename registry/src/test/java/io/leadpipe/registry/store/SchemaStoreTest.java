package io.leadpipe.registry.store;

import static io.leadpipe.registry.testdata.Schemas.LEAD_REQUIRED_FIELD;
import static io.leadpipe.registry.testdata.Schemas.LEAD_V1;
import static io.leadpipe.registry.testdata.Schemas.LEAD_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.registry.client.RegisteredSchema;
import io.leadpipe.registry.client.SchemaRegistryException;
import org.junit.jupiter.api.Test;

class SchemaStoreTest {
  private final InMemorySchemaLog log = new InMemorySchemaLog();
  private final SchemaStore store = new SchemaStore(log);

  @Test
  void sameSchemaUnderTwoSubjectsGetsOneGlobalId() {
    int first = store.register("leads-value", LEAD_V1);
    int second = store.register("archive-value", LEAD_V1);

    assertThat(second).isEqualTo(first);
    assertThat(store.versions("archive-value")).containsExactly(1);
  }

  @Test
  void reRegisteringAnIdenticalSchemaReturnsItsExistingIdAndVersion() {
    RegisteredSchema v1 = store.registerVersion("leads-value", LEAD_V1);
    // Same schema, different whitespace: compared in canonical form.
    RegisteredSchema again = store.registerVersion("leads-value", LEAD_V1.replace("\n", " "));

    assertThat(again).isEqualTo(v1);
    assertThat(store.versions("leads-value")).containsExactly(1);
  }

  @Test
  void newVersionsGetNewIdsAndVersionNumbers() {
    int id1 = store.register("leads-value", LEAD_V1);
    int id2 = store.register("leads-value", LEAD_V2);

    assertThat(id2).isEqualTo(id1 + 1);
    assertThat(store.getLatest("leads-value").version()).isEqualTo(2);
    assertThat(store.getVersion("leads-value", 1).id()).isEqualTo(id1);
  }

  @Test
  void incompatibleSchemaIsRejectedUnderTheDefaultBackwardLevel() {
    store.register("leads-value", LEAD_V1);

    assertThatThrownBy(() -> store.register("leads-value", LEAD_REQUIRED_FIELD))
        .isInstanceOf(SchemaRegistryException.IncompatibleSchemaException.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(409));
    assertThat(store.versions("leads-value")).containsExactly(1);
  }

  @Test
  void softDeleteHidesVersionsButKeepsIdsResolvable() {
    int id = store.register("leads-value", LEAD_V1);
    store.register("leads-value", LEAD_V2);

    assertThat(store.deleteVersion("leads-value", 1)).isEqualTo(1);
    assertThat(store.versions("leads-value")).containsExactly(2);
    assertThat(store.deleteSubject("leads-value")).containsExactly(2);
    assertThat(store.subjects()).doesNotContain("leads-value");
    // Records already on topics still decode.
    assertThat(store.getById(id)).isNotBlank();
    assertThatThrownBy(() -> store.versions("leads-value"))
        .isInstanceOf(SchemaRegistryException.SubjectNotFoundException.class);
  }

  @Test
  void replayingTheLogRebuildsIdenticalState() {
    store.register("leads-value", LEAD_V1);
    store.register("leads-value", LEAD_V2);
    store.register("events-value", "{\"type\":\"string\"}");
    store.setCompatibility("events-value", "NONE");
    store.setCompatibility(null, "FULL");
    store.deleteVersion("leads-value", 1);

    SchemaStore rebuilt = new SchemaStore(log);

    assertThat(rebuilt.subjects()).isEqualTo(store.subjects());
    for (String subject : store.subjects()) {
      for (int version : store.versions(subject)) {
        assertThat(rebuilt.getVersion(subject, version))
            .isEqualTo(store.getVersion(subject, version));
      }
    }
    assertThat(rebuilt.getById(1)).isEqualTo(store.getById(1));
    assertThat(rebuilt.getCompatibility("events-value")).isEqualTo("NONE");
    assertThat(rebuilt.getCompatibility(null)).isEqualTo("FULL");
    // The next id continues after the replayed ones instead of reusing one.
    assertThat(rebuilt.register("other-value", "{\"type\":\"long\"}")).isEqualTo(4);
  }

  @Test
  void everyChangeIsLoggedBeforeItIsVisible() {
    SchemaLog failing =
        new SchemaLog() {
          @Override
          public void append(SchemaLogEntry entry) {
            throw new IllegalStateException("disk full");
          }

          @Override
          public void replay(java.util.function.Consumer<SchemaLogEntry> consumer) {}
        };
    SchemaStore guarded = new SchemaStore(failing);

    assertThatThrownBy(() -> guarded.register("leads-value", LEAD_V1))
        .hasMessageContaining("disk full");
    assertThat(guarded.subjects()).isEmpty();
  }

  @Test
  void invalidSchemaAndLevelAreRejectedWithConfluentCodes() {
    assertThatThrownBy(() -> store.register("x-value", "{\"type\":\"nope\"}"))
        .isInstanceOf(SchemaRegistryException.InvalidSchemaException.class);
    assertThatThrownBy(() -> store.setCompatibility(null, "SIDEWAYS"))
        .isInstanceOf(SchemaRegistryException.InvalidCompatibilityLevelException.class);
    assertThat(log.entries()).isEmpty();
  }
}
