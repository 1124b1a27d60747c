package io.leadpipe.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.ingest.problem.IngestProblem;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyParserTest {

  @Test
  void eachBatchItemKeepsItsOriginalBytes() {
    String first = "{\"type\":\"track\",\"event\":\"A\"}";
    String second = "{\"type\": \"page\", \"name\": \"Ü\"}";
    byte[] body =
        ("{\"sentAt\":\"2026-11-23T10:00:00Z\",\"batch\":["
                + first
                + " , "
                + second
                + "],\"context\":{\"a\":1}}")
            .getBytes(StandardCharsets.UTF_8);

    BodyParser.Batch batch = BodyParser.parseBatch(body);

    assertThat(batch.items()).hasSize(2);
    assertThat(new String(batch.items().get(0).original(), StandardCharsets.UTF_8))
        .isEqualTo(first);
    assertThat(new String(batch.items().get(1).original(), StandardCharsets.UTF_8))
        .isEqualTo(second);
    assertThat(batch.items().get(1).size())
        .isEqualTo(second.getBytes(StandardCharsets.UTF_8).length);
    assertThat(batch.sentAt().asText()).isEqualTo("2026-11-23T10:00:00Z");
    assertThat(batch.context().get("a").asInt()).isEqualTo(1);
  }

  @Test
  void aParseErrorTellsWhereButNeverQuotesTheBody() {
    byte[] body =
        "{\"traits\": {\"email\": \"ana@example.com\" oops".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> BodyParser.parseObject(body))
        .isInstanceOfSatisfying(
            InvalidBodyException.class,
            e -> {
              assertThat(e.type()).isEqualTo(IngestProblem.INVALID_JSON);
              assertThat(e.getMessage()).contains("line 1").doesNotContain("ana@example.com");
            });
  }

  @Test
  void trailingContentIsInvalidJson() {
    assertThatThrownBy(
            () -> BodyParser.parseBatch("{\"batch\":[{}]} {}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            InvalidBodyException.class,
            e -> assertThat(e.type()).isEqualTo(IngestProblem.INVALID_JSON));
  }

  @Test
  void anEmptyBatchIsInvalid() {
    assertThatThrownBy(
            () -> BodyParser.parseBatch("{\"batch\":[]}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            InvalidBodyException.class, e -> assertThat(e.violations()).hasSize(1));
  }

  @Test
  void theWriteKeyIsReadFromTheTopLevelOnly() {
    assertThat(
            BodyParser.writeKey(
                utf8("{\"batch\":[{\"writeKey\":\"inner\"}],\"writeKey\":\"k-1\"}")))
        .isEqualTo("k-1");
    assertThat(BodyParser.writeKey(utf8("{\"batch\":[{\"writeKey\":\"inner\"}]}"))).isNull();
    assertThat(BodyParser.writeKey(utf8("{\"writeKey\": 7}"))).isNull();
    assertThat(BodyParser.writeKey(utf8("not json"))).isNull();
    assertThat(BodyParser.writeKey(utf8("[\"writeKey\"]"))).isNull();
  }

  @Test
  void batchLevelIntegrationsAreKept() {
    BodyParser.Batch batch =
        BodyParser.parseBatch(utf8("{\"integrations\":{\"All\":false},\"batch\":[{}]}"));

    assertThat(batch.integrations().get("All").asBoolean()).isFalse();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
