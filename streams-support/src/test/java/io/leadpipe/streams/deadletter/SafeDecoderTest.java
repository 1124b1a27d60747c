package io.leadpipe.streams.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.leadpipe.devkit.test.StateDirectories;
import io.leadpipe.registry.serde.AvroSerdeConfig;
import io.leadpipe.registry.serde.SchemaRegistryUnavailableException;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.privacy.PrivacyErasure;
import io.leadpipe.schemas.segment.SegmentCategory;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SafeDecoderTest {

  private static final String APPLICATION = "decoder-test";
  private static final String STAGE = "decode-erasures";
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  private final Map<String, Object> registry =
      Map.of("schema.registry.url", "mock://safe-decoder-" + UUID.randomUUID());
  private final TopologyTestDriver driver =
      new TopologyTestDriver(topology(registry), config(), T0);
  private final TestInputTopic<String, byte[]> input =
      driver.createInputTopic(
          Topics.PRIVACY_ERASURES.name(),
          Serdes.String().serializer(),
          Serdes.ByteArray().serializer());
  private final TestOutputTopic<String, String> accepted =
      driver.createOutputTopic(
          "accepted", Serdes.String().deserializer(), Serdes.String().deserializer());
  private final TestOutputTopic<String, DeadLetter> deadLetters =
      driver.createOutputTopic(
          Topics.DEAD_LETTERS.name(),
          Topics.DEAD_LETTERS.keySerde().deserializer(),
          Topics.DEAD_LETTERS.valueSerde(registry).deserializer());

  @AfterEach
  void close() {
    driver.close();
  }

  /** Erasures decoded safely; the application's own check: an erasure must name its request. */
  private Topology topology(Map<String, Object> decoderRegistry) {
    StreamsBuilder builder = new StreamsBuilder();
    var decoded =
        builder.stream(
                Topics.PRIVACY_ERASURES.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
            .process(
                () ->
                    new SafeDecoder<>(
                        new DeadLetters(APPLICATION),
                        Topics.PRIVACY_ERASURES,
                        decoderRegistry,
                        STAGE,
                        PrivacyErasure::getRequestId,
                        (requestId, nowMs) -> requestId.isEmpty() ? "names no request" : null))
            .split(Named.as("decoded-"))
            .branch((k, d) -> d.rejected(), Branched.as("bad"))
            .defaultBranch(Branched.as("ok"));
    DeadLetters.publish(
        decoded.get("decoded-bad").mapValues(Decoded::deadLetter), registry, "dead-letters");
    decoded
        .get("decoded-ok")
        .mapValues(Decoded::value)
        .to("accepted", Produced.with(Serdes.String(), Serdes.String()));
    return builder.build();
  }

  private static Properties config() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "safe-decoder-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, StateDirectories.fresh("safe-decoder-test"));
    return p;
  }

  private byte[] erasure(String requestId) {
    return Topics.PRIVACY_ERASURES
        .valueSerde(registry)
        .serializer()
        .serialize(
            Topics.PRIVACY_ERASURES.name(),
            PrivacyErasure.newBuilder().setRequestId(requestId).setErasedAt(T0).build());
  }

  private byte[] segmentDefinition() {
    return Topics.SEGMENT_DEFINITIONS
        .valueSerde(registry)
        .serializer()
        .serialize(
            Topics.SEGMENT_DEFINITIONS.name(),
            SegmentDefinition.newBuilder()
                .setSegmentId("s")
                .setName("S")
                .setCategory(SegmentCategory.MIXED)
                .setRule("{}")
                .setUpdatedAt(T0)
                .build());
  }

  @Test
  void validRecordsBecomeTheApplicationsValueAndEveryOtherRecordADeadLetterWithItsReason() {
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    input.pipeInput("v-1", garbage);
    input.pipeInput("v-2", segmentDefinition());
    input.pipeInput("v-3", (byte[]) null);
    input.pipeInput("v-4", erasure(""));
    input.pipeInput("v-5", erasure("request-5"));

    assertThat(accepted.readKeyValuesToMap()).containsExactly(Map.entry("v-5", "request-5"));
    var letters = deadLetters.readKeyValuesToList();
    assertThat(letters)
        .extracting(kv -> kv.key, kv -> kv.value.getReason(), kv -> kv.value.getOffset())
        .containsExactly(
            tuple("v-1", DeadLetters.UNDECODABLE, 0L),
            tuple("v-2", DeadLetters.UNDECODABLE, 1L),
            tuple("v-3", DeadLetters.INVALID, 2L),
            tuple("v-4", DeadLetters.INVALID, 3L));
    assertThat(letters)
        .allSatisfy(
            kv -> {
              assertThat(kv.value.getApplication()).isEqualTo(APPLICATION);
              assertThat(kv.value.getSource()).isEqualTo(Topics.PRIVACY_ERASURES.name());
              assertThat(kv.value.getTopic()).isEqualTo(Topics.PRIVACY_ERASURES.name());
              assertThat(kv.value.getDetails()).containsEntry("stage", STAGE);
              assertThat(kv.value.getErrorClass()).isNotBlank();
              assertThat(kv.value.getFailedAt()).isEqualTo(T0);
            });
    assertThat(letters.get(0).value.getOriginalValue()).isEqualTo(ByteBuffer.wrap(garbage));
    assertThat(letters.get(1).value.getErrorClass()).isEqualTo(ClassCastException.class.getName());
    assertThat(letters.get(3).value.getErrorMessage()).isEqualTo("names no request");
  }

  @Test
  void aValidRecordIsNotDeadLetteredWhileTheRegistryCannotAnswer() {
    // A decoder whose registry refuses connections, reading a record of a schema it never fetched
    Map<String, Object> unreachable =
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            "http://127.0.0.1:1",
            AvroSerdeConfig.MAX_RETRIES,
            "0",
            AvroSerdeConfig.REQUEST_TIMEOUT_MS,
            "1000");
    try (TopologyTestDriver down = new TopologyTestDriver(topology(unreachable), config(), T0)) {
      var valid =
          down.createInputTopic(
              Topics.PRIVACY_ERASURES.name(),
              Serdes.String().serializer(),
              Serdes.ByteArray().serializer());
      var letters =
          down.createOutputTopic(
              Topics.DEAD_LETTERS.name(),
              Topics.DEAD_LETTERS.keySerde().deserializer(),
              Topics.DEAD_LETTERS.valueSerde(registry).deserializer());

      assertThatThrownBy(() -> valid.pipeInput("v-1", erasure("request-1")))
          .satisfies(e -> assertThat(SchemaRegistryUnavailableException.isCauseOf(e)).isTrue());
      assertThat(letters.isEmpty()).isTrue();
    }
  }
}
