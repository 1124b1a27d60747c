package io.leadpipe.scoring.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.hesitation.HesitationTopology;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.segment.SegmentCategory;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.testing.ScoringApp;
import io.leadpipe.scoring.testing.WebEvents;
import io.leadpipe.scoring.topology.ProspectTopology;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Poison written straight to every input topic of the running service's Streams applications
 * (around ingest and its validation): garbage bytes, an empty value (zero bytes), the Confluent
 * wire format with a schema id the registry does not know, and a valid record of another schema.
 * Each one is dead-lettered with its topic, offset, reason and original bytes by each application
 * that reads the topic (profiles: web, social, identity events, hesitations and identity commands;
 * hesitation detection: web and social events and privacy erasures); the service stays ready,
 * scores a valid event sent afterwards, and hesitation detection reads past it. (The global segment
 * definitions are covered by {@link SegmentDefinitionPoisonIT}.)
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class PoisonRecordsIT {

  /** Every input topic, and which applications read it. */
  private static final Map<Topic<?>, List<String>> READERS =
      Map.of(
          Topics.WEB_EVENTS,
          List.of(ProspectTopology.APPLICATION, HesitationTopology.APPLICATION),
          Topics.SOCIAL_EVENTS,
          List.of(ProspectTopology.APPLICATION, HesitationTopology.APPLICATION),
          Topics.IDENTITIES,
          List.of(ProspectTopology.APPLICATION),
          Topics.HESITATIONS,
          List.of(ProspectTopology.APPLICATION),
          Topics.IDENTITY_COMMANDS,
          List.of(ProspectTopology.APPLICATION),
          Topics.PRIVACY_ERASURES,
          List.of(HesitationTopology.APPLICATION));

  /** The inputs of the hesitation detection application. */
  private static final List<Topic<?>> HESITATION_INPUTS =
      List.of(Topics.WEB_EVENTS, Topics.SOCIAL_EVENTS, Topics.PRIVACY_ERASURES);

  private static final int UNKNOWN_SCHEMA_ID = 99999;
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @Test
  void poisonOnEveryInputIsDeadLetteredWithItsReasonAndTheServiceKeepsScoring(
      KafkaTestEnvironment env) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String applicationId = "faults-poison-" + run;
    try (ScoringApp app =
        ScoringApp.start(env, applicationId, Map.of("leadpipe.hesitations.enabled", true))) {
      app.awaitReady();

      // Poison keys by the application expected to dead-letter them
      Map<String, List<String>> expected = new LinkedHashMap<>();
      byte[] otherSchema = anotherSchemasRecord(env);
      try (KafkaProducer<String, byte[]> producer =
          env.producer(new StringSerializer(), new ByteArraySerializer())) {
        READERS.forEach(
            (topic, readers) -> {
              List<String> keys =
                  List.of(
                      send(
                          producer,
                          topic,
                          run,
                          "garbage",
                          "not avro at all \u0000\u00ff".getBytes(StandardCharsets.UTF_8)),
                      send(producer, topic, run, "empty", new byte[0]),
                      send(producer, topic, run, "unknown-schema", unknownSchemaId()),
                      send(producer, topic, run, "wrong-schema", otherSchema));
              readers.forEach(
                  reader -> expected.computeIfAbsent(reader, r -> new ArrayList<>()).addAll(keys));
            });
        producer.flush();
      }

      int total = expected.values().stream().mapToInt(List::size).sum();
      List<ConsumerRecord<String, DeadLetter>> letters =
          env.consumeUntil(
              Topics.DEAD_LETTERS.name(),
              Topics.DEAD_LETTERS.keySerde().deserializer(),
              Topics.DEAD_LETTERS.valueSerde(env.registryConfig()).deserializer(),
              records -> ours(records, run).size() >= total,
              PATIENCE);
      List<ConsumerRecord<String, DeadLetter>> all = ours(letters, run);
      all.forEach(
          r ->
              System.out.println(
                  "PoisonRecordsIT: "
                      + r.key()
                      + " -> "
                      + r.value().getApplication()
                      + " "
                      + r.value().getReason()
                      + " "
                      + r.value().getDetails()
                      + " ("
                      + r.value().getErrorClass()
                      + ": "
                      + r.value().getErrorMessage()
                      + ")"));
      Map<String, List<String>> deadLettered =
          all.stream()
              .collect(
                  Collectors.groupingBy(
                      r -> r.value().getApplication(),
                      Collectors.mapping(ConsumerRecord::key, Collectors.toList())));
      System.out.println(
          "[poison] inputs="
              + READERS.size()
              + ", poison records written="
              + READERS.size() * 4
              + ", dead letters expected="
              + total
              + ", written="
              + all.size()
              + " by application "
              + deadLettered.entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue().size())
                  .toList());

      assertThat(all).hasSize(total);
      assertThat(deadLettered.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
      expected.forEach(
          (reader, keys) ->
              assertThat(deadLettered.get(reader))
                  .as(reader)
                  .containsExactlyInAnyOrderElementsOf(keys));
      all.forEach(
          r -> {
            String key = r.key();
            DeadLetter letter = r.value();
            assertThat(key).startsWith("poison-" + run + "-" + letter.getTopic() + "-");
            assertThat(letter.getReason()).as(key).isEqualTo("deserialization-failed");
            assertThat(letter.getErrorMessage()).as(key).isNotBlank();
            assertThat(letter.getOffset()).as(key).isNotNull();
            assertThat(letter.getOriginalValue()).as("original bytes of " + key).isNotNull();
          });
      assertThat(
              all.stream()
                  .filter(
                      r ->
                          r.key()
                              .equals(
                                  "poison-"
                                      + run
                                      + "-"
                                      + Topics.WEB_EVENTS.name()
                                      + "-unknown-schema"))
                  .map(r -> r.value().getErrorMessage()))
          .allMatch(message -> message.contains(String.valueOf(UNKNOWN_SCHEMA_ID)));

      // The service is still ready and scores the next valid event.
      assertThat(app.get("/health/readiness").statusCode()).isEqualTo(200);
      String visitor = "poison-" + run + "-after";
      WebEvents.send(
          env, List.of(WebEvents.event(visitor, WebEventType.PRODUCT_VIEW, Instant.now())));
      await("the valid event after the poison is scored")
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> app.get("/v1/profiles/" + visitor).statusCode() == 200);
      assertThat(app.get("/health/readiness").statusCode()).isEqualTo(200);
      // Hesitation detection read past the poison and the valid event (its group committed to the
      // end).
      BrokerView broker = new BrokerView(env);
      await("hesitation detection reads past the poison")
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  HESITATION_INPUTS.stream()
                      .allMatch(t -> broker.caughtUp(applicationId + "-hesitations", t.name())));
      assertThat(app.get("/health/readiness").statusCode()).isEqualTo(200);
    }
  }

  private static String send(
      KafkaProducer<String, byte[]> producer,
      Topic<?> topic,
      String run,
      String kind,
      byte[] value) {
    String key = "poison-" + run + "-" + topic.name() + "-" + kind;
    producer.send(new ProducerRecord<>(topic.name(), key, value));
    return key;
  }

  /** Magic byte 0, then a 4-byte schema id no schema has, then a payload. */
  private static byte[] unknownSchemaId() {
    return ByteBuffer.allocate(9)
        .put((byte) 0)
        .putInt(UNKNOWN_SCHEMA_ID)
        .put(new byte[] {2, 4, 6, 8})
        .array();
  }

  /**
   * A valid record in the Confluent wire format, of the segment definition schema: right framing,
   * wrong type.
   */
  private static byte[] anotherSchemasRecord(KafkaTestEnvironment env) {
    SegmentDefinition definition =
        SegmentDefinition.newBuilder()
            .setSegmentId("not-an-event")
            .setName("Not an event")
            .setCategory(SegmentCategory.MIXED)
            .setRule("{\"attr\":\"activity.sessions\",\"op\":\"gte\",\"value\":1}")
            .setUpdatedAt(Instant.now())
            .build();
    try (var serializer =
        Topics.SEGMENT_DEFINITIONS.valueSerde(env.registryConfig()).serializer()) {
      return serializer.serialize(Topics.SEGMENT_DEFINITIONS.name(), definition);
    }
  }

  private static List<ConsumerRecord<String, DeadLetter>> ours(
      List<ConsumerRecord<String, DeadLetter>> records, String run) {
    return records.stream()
        .filter(r -> r.key() != null && r.key().startsWith("poison-" + run + "-"))
        .toList();
  }
}
