package io.leadpipe.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.service.config.ConfigBindingException;
import io.leadpipe.service.problem.Violation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pure parts of a replay: selections, dead-letter ids, the body a batch item is replayed in.
 */
class DeadLetterSelectionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2026-12-03T08:00:00Z");

  @Test
  void everyBadValueIsAViolationWithItsName() {
    List<Violation> violations = new ArrayList<>();

    DeadLetterSelection.parse(
        "yesterday",
        "2026-12-01T00:00:00Z",
        null,
        null,
        null,
        List.of("0/1", "x", "-1/2"),
        violations);

    assertThat(violations)
        .extracting(Violation::field)
        .containsExactly("since", "deadLetters[1]", "deadLetters[2]");
  }

  @Test
  void untilBeforeSinceIsRefused() {
    List<Violation> violations = new ArrayList<>();

    DeadLetterSelection.parse(
        "2026-12-03T00:00:00Z", "2026-12-02T00:00:00Z", null, null, null, List.of(), violations);

    assertThat(violations).extracting(Violation::field).containsExactly("until");
  }

  @Test
  void aSelectionMatchesOnEveryCriterionItNames() {
    List<Violation> violations = new ArrayList<>();
    DeadLetterSelection selection =
        DeadLetterSelection.parse(
            AT.toString(),
            AT.plusSeconds(60).toString(),
            "backend",
            "untrusted-source",
            null,
            List.of(),
            violations);
    StoredDeadLetter refused =
        ingestLetter(new DeadLetterId(1, 5), AT.plusSeconds(1), "untrusted-source");

    assertThat(violations).isEmpty();
    assertThat(selection.matches(refused)).isTrue();
    assertThat(
            selection.matches(
                ingestLetter(new DeadLetterId(1, 6), AT.minusMillis(1), "untrusted-source")))
        .isFalse();
    assertThat(
            selection.matches(
                ingestLetter(new DeadLetterId(1, 7), AT.plusSeconds(61), "untrusted-source")))
        .isFalse();
    assertThat(selection.matches(ingestLetter(new DeadLetterId(1, 8), AT, "invalid-event")))
        .isFalse();
    assertThat(refused.sourceName()).isEqualTo("backend");
    assertThat(refused.endpoint()).isEqualTo("/v1/batch");
  }

  @Test
  void deadLetterIdsReadAndOrderAsPartitionThenOffset() {
    assertThat(DeadLetterId.parse("2/42")).isEqualTo(new DeadLetterId(2, 42));
    assertThat(DeadLetterId.parse("2/")).isNull();
    assertThat(DeadLetterId.parse("/4")).isNull();
    assertThat(DeadLetterId.parse(null)).isNull();
    assertThat(new DeadLetterId(0, 99)).isLessThan(new DeadLetterId(1, 0));
    assertThat(new DeadLetterId(3, 7).toString()).isEqualTo("3/7");
  }

  @Test
  void aBatchItemIsReplayedAsABatchOfOneWithItsBatchsSentAtAndContext() throws IOException {
    byte[] item = "{\"type\":\"track\",\"event\":\"X\"}".getBytes(StandardCharsets.UTF_8);
    JsonNode context = JSON.readTree("{\"library\":{\"name\":\"shop\"}}");

    JsonNode body = JSON.readTree(DeadLetterReplayer.batchOfOne(item, AT, context));

    assertThat(body.get("sentAt").asText()).isEqualTo(AT.toString());
    assertThat(body.get("context")).isEqualTo(context);
    assertThat(body.get("batch")).hasSize(1);
    assertThat(body.get("batch").get(0)).isEqualTo(JSON.readTree(item));
    assertThat(JSON.readTree(DeadLetterReplayer.batchOfOne(item, null, null)).has("sentAt"))
        .isFalse();
  }

  @Test
  void anEventWithoutMessageIdGetsTheSameDerivedIdOnEveryReplay() throws IOException {
    byte[] without = "{\"type\":\"track\",\"anonymousId\":\"a\"}".getBytes(StandardCharsets.UTF_8);
    byte[] with = "{\"type\":\"track\",\"messageId\":\"m-1\"}".getBytes(StandardCharsets.UTF_8);
    StoredDeadLetter d = ingestLetter(new DeadLetterId(0, 3), AT, "invalid-event");

    String first =
        JSON.readTree(DeadLetterReplayer.withMessageId(without, d)).get("messageId").asText();
    String again =
        JSON.readTree(DeadLetterReplayer.withMessageId(without, d)).get("messageId").asText();
    String other =
        JSON.readTree(
                DeadLetterReplayer.withMessageId(
                    without, ingestLetter(new DeadLetterId(0, 4), AT, "invalid-event")))
            .get("messageId")
            .asText();

    assertThat(first).startsWith("lp-replay-").isEqualTo(again).isNotEqualTo(other);
    assertThat(DeadLetterReplayer.withMessageId(with, d)).isSameAs(with);
  }

  @Test
  void anInvalidSettingStopsStartUpNamingIt() {
    assertThatThrownBy(() -> new ReplaySettings(Duration.ZERO, Duration.ofSeconds(1), 10, 100, 5))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageContaining("leadpipe.ingest.replay.read-timeout");
    assertThatThrownBy(
            () -> new ReplaySettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 500, 100, 5))
        .isInstanceOf(ConfigBindingException.class)
        .hasMessageContaining("leadpipe.ingest.replay.default-page-size");
  }

  private static StoredDeadLetter ingestLetter(DeadLetterId id, Instant writtenAt, String reason) {
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setApplication("ingest-service")
            .setSource("/v1/batch source=backend")
            .setReason(reason)
            .setErrorMessage("event: ...")
            .setFailedAt(writtenAt)
            .setOriginalValue(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)))
            .setDetails(Map.of("sourceName", "backend", "callType", "track"))
            .build();
    return new StoredDeadLetter(id, "visitor-1", writtenAt, letter);
  }
}
