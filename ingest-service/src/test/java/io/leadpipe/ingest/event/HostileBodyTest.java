package io.leadpipe.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.ingest.problem.IngestProblem;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bodies the fuzz test found slipping through the parser: each is invalid JSON, answered 400
 * invalid-json.
 */
class HostileBodyTest {

  @Test
  void contentAfterASingleEventIsInvalidJsonAsAfterABatch() {
    assertInvalidJson(() -> BodyParser.parseObject(utf8("{\"anonymousId\": \"a1\"}}")));
    assertInvalidJson(
        () -> BodyParser.parseObject(utf8("{\"anonymousId\": \"a1\"} {\"anonymousId\": \"a2\"}")));
    assertInvalidJson(() -> BodyParser.parseBatch(utf8("{\"batch\": [{}]}}")));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"C0AF", "EDA080", "C328", "FF", "80", "E282", "F888808080"})
  void invalidUtf8InsideAStringIsRefusedNotRepaired(String hex) {
    byte[] bad = java.util.HexFormat.of().parseHex(hex);
    byte[] prefix = utf8("{\"anonymousId\": \"a");
    byte[] suffix = utf8("\"}");
    byte[] body = new byte[prefix.length + bad.length + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    System.arraycopy(bad, 0, body, prefix.length, bad.length);
    System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);

    assertInvalidJson(() -> BodyParser.parseObject(body));
    assertThatThrownBy(() -> BodyParser.parseObject(body))
        .hasMessage("The body is not valid UTF-8 at byte " + prefix.length);
  }

  @Test
  void validUtf8IncludingSupplementaryCharactersIsRead() {
    assertThat(BodyParser.parseObject(utf8("{\"name\": \"Grüße 😀 中文\"}")).get("name").asText())
        .isEqualTo("Grüße 😀 中文");
  }

  private static void assertInvalidJson(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable parse) {
    assertThatThrownBy(parse)
        .isInstanceOfSatisfying(
            InvalidBodyException.class,
            e -> assertThat(e.type()).isEqualTo(IngestProblem.INVALID_JSON));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
