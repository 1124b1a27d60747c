package io.leadpipe.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpipe.service.problem.Violation;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Far past and future timestamps (found by the fuzz test) overflowed epoch milliseconds and
 * answered 500 or 503; they are violations of the field now, and the four-digit years are still
 * read.
 */
class TimestampRangeTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "+10000-01-01T00:00:00Z",
        "-0001-12-31T23:59:59Z",
        "+999999999-12-31T23:59:59Z",
        "-999999999-01-01T00:00:00Z"
      })
  void aYearBeyondFourDigitsIsAViolationOfTheField(String value) {
    FieldReader reader = new FieldReader();

    Instant read = reader.timestamp(event(value), "timestamp", "");

    assertThat(read).isNull();
    assertThat(reader.violations())
        .containsExactly(new Violation("timestamp", "must be between years 0000 and 9999"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "0000-01-01T00:00:00Z",
        "1970-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z",
        "2026-11-23T10:00:00+18:00"
      })
  void fourDigitYearsAreRead(String value) {
    FieldReader reader = new FieldReader();

    Instant read = reader.timestamp(event(value), "timestamp", "");

    assertThat(read).isNotNull();
    assertThatCode(read::toEpochMilli)
        .as("fits the records' epoch milliseconds")
        .doesNotThrowAnyException();
    assertThat(reader.violations()).isEmpty();
  }

  private static ObjectNode event(String timestamp) {
    return JsonNodeFactory.instance.objectNode().put("timestamp", timestamp);
  }
}
