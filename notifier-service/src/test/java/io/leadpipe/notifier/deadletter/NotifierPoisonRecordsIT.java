package io.leadpipe.notifier.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.notifier.NotifierRuntime;
import io.leadpipe.notifier.testing.Fixtures;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.followup.FollowupTrigger;
import io.leadpipe.schemas.segment.SegmentCategory;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.streams.deadletter.DeadLetters;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Poison written straight to every input topic of the running notifier (hesitations, prospect
 * profiles, web events, privacy erasures): garbage bytes, an empty value (zero bytes; a null value
 * is a tombstone, not poison), the Confluent wire format with a schema id the registry does not
 * know, and a valid record of another schema. Each is dead-lettered with its topic, offset, reason
 * and original bytes; the notifier stays ready, and a hesitation sent afterwards is followed up.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class NotifierPoisonRecordsIT {

  private static final List<Topic<?>> INPUTS =
      List.of(
          Topics.HESITATIONS, Topics.PROSPECT_PROFILES, Topics.WEB_EVENTS, Topics.PRIVACY_ERASURES);
  private static final int UNKNOWN_SCHEMA_ID = 99999;
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void poisonOnEveryInputIsDeadLetteredAndTheNextHesitationIsFollowedUp(KafkaTestEnvironment env)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port",
                -1,
                "kafka.bootstrap.servers",
                env.bootstrapServers(),
                "leadpipe.schema-registry.url",
                env.schemaRegistryUrl(),
                "leadpipe.notifier.application-id",
                "notifier-poison-" + run,
                "leadpipe.notifier.state-dir",
                Files.createTempDirectory("notifier-poison").toString(),
                "leadpipe.notifier.tick",
                "200ms",
                "leadpipe.notifier.cooldown",
                "0s",
                "leadpipe.notifier.quiet-start",
                "00:00",
                "leadpipe.notifier.quiet-end",
                "00:00",
                "leadpipe.notifier.sequences.CART_ABANDONED",
                "REMINDER@1s"))) {
      HttpClient http = HttpClient.newHttpClient();
      Awaitility.await("readiness").atMost(WAIT).until(() -> ready(http, server));

      // Given poison on every input, then a consenting visitor who hesitates
      List<String> poison = new ArrayList<>();
      byte[] otherSchema = anotherSchemasRecord(env);
      try (KafkaProducer<String, byte[]> producer =
          env.producer(new StringSerializer(), new ByteArraySerializer())) {
        for (Topic<?> topic : INPUTS) {
          poison.add(
              send(
                  producer,
                  topic,
                  run,
                  "garbage",
                  "not avro at all \u0000\u00ff".getBytes(StandardCharsets.UTF_8)));
          poison.add(send(producer, topic, run, "empty", new byte[0]));
          poison.add(
              send(
                  producer,
                  topic,
                  run,
                  "unknown-schema",
                  ByteBuffer.allocate(9)
                      .put((byte) 0)
                      .putInt(UNKNOWN_SCHEMA_ID)
                      .put(new byte[] {2, 4, 6, 8})
                      .array()));
          poison.add(send(producer, topic, run, "wrong-schema", otherSchema));
        }
        producer.flush();
      }
      String visitor = "after-poison-" + run;
      try (var profiles =
              env.producer(
                  new StringSerializer(),
                  Topics.PROSPECT_PROFILES.valueSerde(env.registryConfig()).serializer());
          var hesitations =
              env.producer(
                  new StringSerializer(),
                  Topics.HESITATIONS.valueSerde(env.registryConfig()).serializer())) {
        profiles
            .send(
                new ProducerRecord<>(
                    Topics.PROSPECT_PROFILES.name(), visitor, Fixtures.consenting(visitor, "UTC")))
            .get();
        hesitations
            .send(
                new ProducerRecord<>(
                    Topics.HESITATIONS.name(),
                    visitor,
                    Fixtures.detected(
                        visitor,
                        "h-" + run,
                        HesitationKind.CART_ABANDONED,
                        HesitationReason.PRICE,
                        Instant.now())))
            .get();
      }

      // Then every poison record is dead-lettered with its reason ...
      List<ConsumerRecord<String, DeadLetter>> letters =
          env.consumeUntil(
              Topics.DEAD_LETTERS.name(),
              Topics.DEAD_LETTERS.keySerde().deserializer(),
              Topics.DEAD_LETTERS.valueSerde(env.registryConfig()).deserializer(),
              records -> ours(records, run).size() >= poison.size(),
              WAIT);
      Map<String, DeadLetter> byKey = ours(letters, run);
      // ... and the hesitation after it is followed up
      List<ConsumerRecord<String, FollowupTrigger>> triggers =
          env.consumeUntil(
              Topics.FOLLOWUP_TRIGGERS.name(),
              Topics.FOLLOWUP_TRIGGERS.keySerde().deserializer(),
              Topics.FOLLOWUP_TRIGGERS.valueSerde(env.registryConfig()).deserializer(),
              records -> records.stream().anyMatch(r -> visitor.equals(r.key())),
              WAIT);
      KafkaStreams.State state =
          server.getApplicationContext().getBean(NotifierRuntime.class).state();
      byKey.forEach(
          (key, letter) ->
              System.out.println(
                  "NotifierPoisonRecordsIT: "
                      + key
                      + " -> "
                      + letter.getReason()
                      + " ("
                      + letter.getErrorClass()
                      + ": "
                      + letter.getErrorMessage()
                      + ")"));
      System.out.println(
          "[notifier-poison] poison records written="
              + poison.size()
              + ", dead-lettered="
              + byKey.size()
              + ", follow-up after the poison emitted="
              + triggers.stream().filter(r -> visitor.equals(r.key())).count()
              + ", streams "
              + state);

      assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(poison);
      byKey.forEach(
          (key, letter) -> {
            assertThat(key).startsWith("poison-" + run + "-" + letter.getTopic() + "-");
            assertThat(letter.getApplication()).isEqualTo("notifier-service");
            assertThat(letter.getReason()).isEqualTo(DeadLetters.UNDECODABLE);
            assertThat(letter.getErrorMessage()).as(key).isNotBlank();
            assertThat(letter.getOffset()).as(key).isNotNull();
            assertThat(letter.getOriginalValue()).as("original bytes of " + key).isNotNull();
          });
      assertThat(
              byKey
                  .get("poison-" + run + "-" + Topics.HESITATIONS.name() + "-unknown-schema")
                  .getErrorMessage())
          .contains(String.valueOf(UNKNOWN_SCHEMA_ID));
      assertThat(
              byKey
                  .get("poison-" + run + "-" + Topics.WEB_EVENTS.name() + "-wrong-schema")
                  .getErrorMessage())
          .contains(SegmentDefinition.class.getName());
      assertThat(triggers)
          .anyMatch(
              r -> visitor.equals(r.key()) && ("h-" + run).equals(r.value().getHesitationId()));
      assertThat(state).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(ready(http, server)).isTrue();
    }
  }

  private static boolean ready(HttpClient http, EmbeddedServer server) throws Exception {
    return http.send(
                HttpRequest.newBuilder(URI.create(server.getURL() + "/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode()
        == 200;
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

  /**
   * A valid record in the Confluent wire format, of the segment definition schema: right framing,
   * wrong type.
   */
  private static byte[] anotherSchemasRecord(KafkaTestEnvironment env) {
    SegmentDefinition definition =
        SegmentDefinition.newBuilder()
            .setSegmentId("not-an-input")
            .setName("Not an input")
            .setCategory(SegmentCategory.MIXED)
            .setRule("{\"attr\":\"activity.sessions\",\"op\":\"gte\",\"value\":1}")
            .setUpdatedAt(Instant.now())
            .build();
    try (var serializer =
        Topics.SEGMENT_DEFINITIONS.valueSerde(env.registryConfig()).serializer()) {
      return serializer.serialize(Topics.SEGMENT_DEFINITIONS.name(), definition);
    }
  }

  /**
   * This run's notifier dead letters (other notifiers of the test JVM may dead-letter the same
   * poison later).
   */
  private static Map<String, DeadLetter> ours(
      List<ConsumerRecord<String, DeadLetter>> records, String run) {
    return records.stream()
        .filter(
            r ->
                r.key() != null
                    && r.key().startsWith("poison-" + run + "-")
                    && "notifier-service".equals(r.value().getApplication()))
        .collect(
            Collectors.toMap(
                ConsumerRecord::key, ConsumerRecord::value, (a, b) -> b, LinkedHashMap::new));
  }
}
