package io.leadpipe.schemas.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every topic's current value schema must be BACKWARD compatible with its last released version
 * (the registry's default rule): consumers on the new schema read everything already on the topic.
 */
class SchemaCompatibilityTest {

  private static final ReleasedSchemas RELEASED = new ReleasedSchemas(Path.of("released"));

  static Stream<Topic<?>> topics() {
    return Topics.all().stream();
  }

  @Test
  void at_least_one_version_is_released() {
    assertThat(RELEASED.versions()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  void current_schema_reads_data_written_with_the_last_release(Topic<?> topic) {
    List<String> versions = RELEASED.versions();
    String last = versions.get(versions.size() - 1);
    Schema previous = RELEASED.schema(last, topic)
        .orElseThrow(() -> new AssertionError(topic.name() + " has no schema in release " + last
            + "; snapshot it with ReleasedSchemas when releasing"));

    var result = SchemaCompatibility.checkReaderWriterCompatibility(ReleasedSchemas.current(topic), previous);

    assertThat(result.getType())
        .as("%s: %s", topic.name(), result.getResult().getIncompatibilities())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void the_checker_rejects_a_backward_incompatible_change() {
    // Guards the guard: a new required field without a default must fail the check above.
    Schema released = ReleasedSchemas.current(Topics.SEGMENT_CHANGES);
    Schema broken = new Schema.Parser().parse(released.toString().replaceFirst(
        "\"fields\":\\[", "\"fields\":[{\"name\":\"mandatoryNew\",\"type\":\"string\"},"));

    var result = SchemaCompatibility.checkReaderWriterCompatibility(broken, released);

    assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }
}
