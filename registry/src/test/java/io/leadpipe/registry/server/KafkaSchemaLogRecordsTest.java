package io.leadpipe.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.registry.store.CompatibilityLevel;
import io.leadpipe.registry.store.SchemaLogEntry;
import io.leadpipe.registry.store.SchemaLogEntry.ConfigEntry;
import io.leadpipe.registry.store.SchemaLogEntry.SchemaEntry;
import org.junit.jupiter.api.Test;

/**
 * The {@code _schemas} record layout (Confluent's), without a broker; the devkit module tests it on
 * one.
 */
class KafkaSchemaLogRecordsTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void schemaRecordsUseConfluentsKeyAndValue() throws Exception {
    SchemaEntry entry = new SchemaEntry("leads-value", 2, 7, "\"string\"", false);

    assertThat(json.readTree(KafkaSchemaLog.keyOf(entry)))
        .isEqualTo(
            json.readTree(
                "{\"keytype\":\"SCHEMA\",\"subject\":\"leads-value\",\"version\":2,\"magic\":1}"));
    assertThat(json.readTree(KafkaSchemaLog.valueOf(entry)))
        .isEqualTo(
            json.readTree(
                "{\"subject\":\"leads-value\",\"version\":2,\"id\":7,\"schema\":\"\\\"string\\\"\",\"deleted\":false}"));
  }

  @Test
  void configRecordsUseConfluentsKeyAndValue() throws Exception {
    ConfigEntry global = new ConfigEntry(null, CompatibilityLevel.FULL);

    assertThat(json.readTree(KafkaSchemaLog.keyOf(global)))
        .isEqualTo(json.readTree("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}"));
    assertThat(json.readTree(KafkaSchemaLog.valueOf(global)))
        .isEqualTo(json.readTree("{\"compatibilityLevel\":\"FULL\"}"));
    assertThat(KafkaSchemaLog.valueOf(new ConfigEntry("s", null))).isNull();
  }

  @Test
  void everyEntryReadsBackAsItself() {
    for (SchemaLogEntry entry :
        new SchemaLogEntry[] {
          new SchemaEntry("leads-value", 1, 1, "\"string\"", true),
          new ConfigEntry(null, CompatibilityLevel.NONE),
          new ConfigEntry("leads-value", CompatibilityLevel.FORWARD_TRANSITIVE),
          new ConfigEntry("leads-value", null)
        }) {
      assertThat(KafkaSchemaLog.parse(KafkaSchemaLog.keyOf(entry), KafkaSchemaLog.valueOf(entry)))
          .isEqualTo(entry);
    }
  }

  @Test
  void recordKindsItDoesNotNeedAreSkipped() {
    assertThat(KafkaSchemaLog.parse("{\"keytype\":\"NOOP\",\"magic\":0}", null)).isNull();
    assertThat(KafkaSchemaLog.parse("not json", "{}")).isNull();
  }
}
