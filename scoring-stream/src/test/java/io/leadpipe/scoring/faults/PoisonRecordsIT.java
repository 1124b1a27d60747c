package io.leadpipe.scoring.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.segment.SegmentCategory;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.testing.ScoringApp;
import io.leadpipe.scoring.testing.WebEvents;
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
 * Poison written straight to every per-visitor input topic of the running service (around ingest and its
 * validation): garbage bytes, the Confluent wire format with a schema id the registry does not know, and a valid
 * record of another schema. Each one is dead-lettered with its topic, offset, reason and original bytes; the
 * service stays ready and scores a valid event sent afterwards.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class PoisonRecordsIT {

  private static final List<Topic<?>> INPUTS = List.of(Topics.WEB_EVENTS, Topics.SOCIAL_EVENTS, Topics.IDENTITIES,
      Topics.HESITATIONS);
  private static final int UNKNOWN_SCHEMA_ID = 99999;
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @Test
  void poisonOnEveryInputIsDeadLetteredWithItsReasonAndTheServiceKeepsScoring(KafkaTestEnvironment env) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (ScoringApp app = ScoringApp.start(env, "faults-poison-" + run,
        Map.of("leadpipe.hesitations.enabled", false))) {
      app.awaitReady();

      List<String> poison = new ArrayList<>();
      byte[] otherSchema = anotherSchemasRecord(env);
      try (KafkaProducer<String, byte[]> producer = env.producer(new StringSerializer(), new ByteArraySerializer())) {
        for (Topic<?> topic : INPUTS) {
          poison.add(send(producer, topic, run, "garbage", "not avro at all \u0000\u00ff".getBytes(StandardCharsets.UTF_8)));
          poison.add(send(producer, topic, run, "unknown-schema", unknownSchemaId()));
          poison.add(send(producer, topic, run, "wrong-schema", otherSchema));
        }
        producer.flush();
      }

      List<ConsumerRecord<String, DeadLetter>> letters = env.consumeUntil(Topics.DEAD_LETTERS.name(),
          Topics.DEAD_LETTERS.keySerde().deserializer(), Topics.DEAD_LETTERS.valueSerde(env.registryConfig()).deserializer(),
          records -> ours(records, run).size() >= poison.size(), PATIENCE);
      Map<String, DeadLetter> byKey = ours(letters, run);
      byKey.forEach((key, letter) -> System.out.println("PoisonRecordsIT: " + key + " -> " + letter.getReason()
          + " (" + letter.getErrorClass() + ": " + letter.getErrorMessage() + ")"));
      System.out.println("PoisonRecordsIT: poison records written=" + poison.size() + ", dead-lettered=" + byKey.size());

      assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(poison);
      byKey.forEach((key, letter) -> {
        assertThat(key).startsWith("poison-" + run + "-" + letter.getTopic() + "-");
        assertThat(letter.getReason()).as(key).isNotBlank();
        assertThat(letter.getErrorMessage()).as(key).isNotBlank();
        assertThat(letter.getOffset()).as(key).isNotNull();
        assertThat(letter.getOriginalValue()).as("original bytes of " + key).isNotNull();
      });
      assertThat(byKey.get("poison-" + run + "-" + Topics.WEB_EVENTS.name() + "-unknown-schema").getErrorMessage())
          .contains(String.valueOf(UNKNOWN_SCHEMA_ID));

      // The service is still ready and scores the next valid event.
      assertThat(app.get("/health/readiness").statusCode()).isEqualTo(200);
      String visitor = "poison-" + run + "-after";
      WebEvents.send(env, List.of(WebEvents.event(visitor, WebEventType.PRODUCT_VIEW, Instant.now())));
      await("the valid event after the poison is scored").atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
          .until(() -> app.get("/v1/profiles/" + visitor).statusCode() == 200);
      assertThat(app.get("/health/readiness").statusCode()).isEqualTo(200);
    }
  }

  private static String send(KafkaProducer<String, byte[]> producer, Topic<?> topic, String run, String kind, byte[] value) {
    String key = "poison-" + run + "-" + topic.name() + "-" + kind;
    producer.send(new ProducerRecord<>(topic.name(), key, value));
    return key;
  }

  /** Magic byte 0, then a 4-byte schema id no schema has, then a payload. */
  private static byte[] unknownSchemaId() {
    return ByteBuffer.allocate(9).put((byte) 0).putInt(UNKNOWN_SCHEMA_ID).put(new byte[] {2, 4, 6, 8}).array();
  }

  /** A valid record in the Confluent wire format, of the segment definition schema: right framing, wrong type. */
  private static byte[] anotherSchemasRecord(KafkaTestEnvironment env) {
    SegmentDefinition definition = SegmentDefinition.newBuilder().setSegmentId("not-an-event").setName("Not an event")
        .setCategory(SegmentCategory.MIXED).setRule("{\"attr\":\"activity.sessions\",\"op\":\"gte\",\"value\":1}")
        .setUpdatedAt(Instant.now()).build();
    try (var serializer = Topics.SEGMENT_DEFINITIONS.valueSerde(env.registryConfig()).serializer()) {
      return serializer.serialize(Topics.SEGMENT_DEFINITIONS.name(), definition);
    }
  }

  private static Map<String, DeadLetter> ours(List<ConsumerRecord<String, DeadLetter>> records, String run) {
    return records.stream().filter(r -> r.key() != null && r.key().startsWith("poison-" + run + "-"))
        .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value, (a, b) -> b, LinkedHashMap::new));
  }
}
