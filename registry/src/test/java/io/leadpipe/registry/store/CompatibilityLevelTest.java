package io.leadpipe.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each level against histories chosen so that the non-transitive level accepts and the transitive
 * one rejects (the candidate is only incompatible with the oldest version).
 */
class CompatibilityLevelTest {
  private static String record(String fields) {
    return "{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}";
  }

  private static final String A_INT = record("{\"name\":\"a\",\"type\":\"int\"}");
  private static final String EMPTY = record("");
  private static final String A_STRING_DEFAULT =
      record("{\"name\":\"a\",\"type\":\"string\",\"default\":\"x\"}");
  private static final String B_INT_DEFAULT =
      record("{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
  private static final String B_STRING = record("{\"name\":\"b\",\"type\":\"string\"}");
  private static final String B_STRING_DEFAULT =
      record("{\"name\":\"b\",\"type\":\"string\",\"default\":\"\"}");
  private static final String A_AND_NEW_REQUIRED =
      record("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"c\",\"type\":\"long\"}");

  static Stream<Arguments> cases() {
    return Stream.of(
        // level, history (oldest first), candidate, compatible?
        Arguments.of(CompatibilityLevel.NONE, List.of(A_INT), B_STRING, true),
        Arguments.of(CompatibilityLevel.BACKWARD, List.of(A_INT), A_AND_NEW_REQUIRED, false),
        Arguments.of(CompatibilityLevel.FORWARD, List.of(A_INT), A_AND_NEW_REQUIRED, true),
        Arguments.of(CompatibilityLevel.FULL, List.of(A_INT), A_AND_NEW_REQUIRED, false),
        Arguments.of(CompatibilityLevel.BACKWARD, List.of(A_INT, EMPTY), A_STRING_DEFAULT, true),
        Arguments.of(
            CompatibilityLevel.BACKWARD_TRANSITIVE, List.of(A_INT, EMPTY), A_STRING_DEFAULT, false),
        Arguments.of(CompatibilityLevel.FORWARD, List.of(B_INT_DEFAULT, EMPTY), B_STRING, true),
        Arguments.of(
            CompatibilityLevel.FORWARD_TRANSITIVE, List.of(B_INT_DEFAULT, EMPTY), B_STRING, false),
        Arguments.of(
            CompatibilityLevel.FULL, List.of(B_INT_DEFAULT, EMPTY), B_STRING_DEFAULT, true),
        Arguments.of(
            CompatibilityLevel.FULL_TRANSITIVE,
            List.of(B_INT_DEFAULT, EMPTY),
            B_STRING_DEFAULT,
            false));
  }

  @ParameterizedTest(name = "{0}: {3}")
  @MethodSource("cases")
  void levelIsEnforcedWithAvrosChecker(
      CompatibilityLevel level, List<String> history, String candidate, boolean compatible) {
    SchemaStore store = SchemaStore.inMemory();
    store.setCompatibility("s", CompatibilityLevel.NONE.name());
    history.forEach(schema -> store.register("s", schema));
    store.setCompatibility("s", level.name());

    assertThat(store.testCompatibility("s", candidate).compatible()).isEqualTo(compatible);
    if (!compatible) {
      assertThat(store.testCompatibility("s", candidate).messages()).isNotEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void registrationFollowsTheCheck(
      CompatibilityLevel level, List<String> history, String candidate, boolean compatible) {
    SchemaStore store = SchemaStore.inMemory();
    store.setCompatibility(null, CompatibilityLevel.NONE.name());
    history.forEach(schema -> store.register("s", schema));
    store.setCompatibility(null, level.name());

    boolean registered;
    try {
      store.register("s", candidate);
      registered = true;
    } catch (io.leadpipe.registry.client.SchemaRegistryException.IncompatibleSchemaException e) {
      registered = false;
    }
    assertThat(registered).isEqualTo(compatible);
  }
}
