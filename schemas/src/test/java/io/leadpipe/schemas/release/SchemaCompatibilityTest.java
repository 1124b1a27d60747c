package io.leadpipe.schemas.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

  /**
   * Topics added since the last release: nothing was ever written to them with an older schema. A
   * released version is never rewritten; the next release's snapshot takes them in, and this set is
   * emptied then.
   */
  private static final Set<Topic<?>> NEW_SINCE_LAST_RELEASE =
      Set.of(
          Topics.PRIVACY_ERASURES,
          Topics.DEAD_LETTER_REPLAYS,
          Topics.FOLLOWUP_STRATEGIES,
          Topics.FOLLOWUP_DELIVERIES,
          Topics.STRATEGY_EXPOSURES,
          Topics.STRATEGY_RESULTS,
          // propensity
          Topics.PROPENSITY_EXAMPLES,
          Topics.PROPENSITY_MODELS);

  private static String lastRelease() {
    List<String> versions = RELEASED.versions();
    return versions.get(versions.size() - 1);
  }

  @Test
  void a_topic_without_a_released_schema_is_declared_new_since_the_last_release() {
    List<Topic<?>> unreleased =
        Topics.all().stream().filter(t -> RELEASED.schema(lastRelease(), t).isEmpty()).toList();

    assertThat(unreleased)
        .as(
            "topics with no schema in release %s: declare them new here, or snapshot the next release",
            lastRelease())
        .containsExactlyInAnyOrderElementsOf(NEW_SINCE_LAST_RELEASE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  void current_schema_reads_data_written_with_the_last_release(Topic<?> topic) {
    String last = lastRelease();
    Optional<Schema> released = RELEASED.schema(last, topic);
    if (released.isEmpty()) {
      assertThat(NEW_SINCE_LAST_RELEASE)
          .as("%s has no schema in release %s", topic.name(), last)
          .contains(topic);
      return;
    }
    Schema previous = released.get();

    var result =
        SchemaCompatibility.checkReaderWriterCompatibility(
            ReleasedSchemas.current(topic), previous);

    assertThat(result.getType())
        .as("%s: %s", topic.name(), result.getResult().getIncompatibilities())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void the_checker_rejects_a_backward_incompatible_change() {
    // Guards the guard: a new required field without a default must fail the check above.
    Schema released = ReleasedSchemas.current(Topics.SEGMENT_CHANGES);
    Schema broken =
        new Schema.Parser()
            .parse(
                released
                    .toString()
                    .replaceFirst(
                        "\"fields\":\\[",
                        "\"fields\":[{\"name\":\"mandatoryNew\",\"type\":\"string\"},"));

    var result = SchemaCompatibility.checkReaderWriterCompatibility(broken, released);

    assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }
}
