package io.leadpipe.notifier.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.notifier.NotifierRuntime;
import io.leadpipe.notifier.policy.PolicyConfig;
import io.leadpipe.notifier.policy.StepType;
import io.leadpipe.notifier.testing.Fixtures;
import io.leadpipe.notifier.testing.FollowupVerifier;
import io.leadpipe.notifier.testing.HesitationFeed;
import io.leadpipe.registry.client.SchemaRegistryClients;
import io.leadpipe.registry.serde.WireFormat;
import io.leadpipe.schemas.common.HesitationKind;
import io.leadpipe.schemas.common.HesitationReason;
import io.leadpipe.schemas.hesitation.Hesitation;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.streams.runtime.GlobalRegistryWait;
import io.leadpipe.streams.runtime.ManagedStreams;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The notifier and an unreachable schema registry. With its schemas cached it keeps following up as
 * if nothing happened. Started while the registry is down, or meeting a record of a schema version
 * it has not seen while the registry is down, it waits (readiness DOWN), dead-letters nothing
 * valid, and follows every hesitation up once the registry answers.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class NotifierRegistryOutageIT {

  private static final int VISITORS = 3;
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void aNotifierWithCachedSchemasKeepsFollowingUpWhileTheRegistryIsDown(KafkaTestEnvironment env)
      throws Exception {
    PolicyConfig config =
        PolicyConfig.defaults()
            .withSequences(
                Map.of(
                    HesitationKind.CART_ABANDONED,
                    List.of(
                        new PolicyConfig.Step(StepType.REMINDER, Duration.ofSeconds(1)),
                        new PolicyConfig.Step(StepType.REASON_PLAY, Duration.ofSeconds(2)))))
            .withGuardrails(
                100, Duration.ofDays(7), Duration.ZERO, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    String run = UUID.randomUUID().toString().substring(0, 8);
    KafkaStreams notifier =
        InJvmNotifier.start(
            env,
            config,
            "notifier-registry-" + run,
            Files.createTempDirectory("notifier-registry"),
            DecisionListener.NONE);
    try (FollowupVerifier verifier = new FollowupVerifier(env, "h-" + run);
        HesitationFeed feed = new HesitationFeed(env)) {
      // Given every record type read and written once: a whole sequence has gone out
      publish(feed, "v-" + run + "-warm", "h-" + run + "-warm");
      await("warm-up sequence")
          .atMost(WAIT)
          .until(
              () ->
                  verifier
                      .triggerIds()
                      .containsAll(Set.of("h-" + run + "-warm#1", "h-" + run + "-warm#2")));

      env.stopSchemaRegistry();
      try {
        assertThatThrownBy(
                () ->
                    HttpClient.newHttpClient()
                        .send(
                            HttpRequest.newBuilder(
                                    URI.create(env.schemaRegistryUrl() + "/subjects"))
                                .build(),
                            HttpResponse.BodyHandlers.ofString()))
            .as("the registry is unreachable")
            .isInstanceOf(ConnectException.class);

        // When new prospects hesitate during the outage
        Set<String> expected = new TreeSet<>();
        for (int v = 0; v < VISITORS; v++) {
          publish(feed, "v-" + run + "-" + v, "h-" + run + "-" + v);
          expected.add("h-" + run + "-" + v + "#1");
          expected.add("h-" + run + "-" + v + "#2");
        }

        // Then their follow-ups go out and are read, from schemas already cached, and the notifier
        // keeps running
        await("follow-ups during the registry outage")
            .atMost(WAIT)
            .until(() -> verifier.triggerIds().containsAll(expected));
        String figures =
            String.format(
                "follow-up steps emitted while the registry was down: %d of %d; streams %s",
                expected.stream().filter(verifier.triggerIds()::contains).count(),
                expected.size(),
                notifier.state());
        System.out.println("[notifier-registry-outage] " + figures);
        assertThat(notifier.state()).as(figures).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(verifier.duplicateTriggers()).as(figures).isEmpty();
      } finally {
        env.startSchemaRegistry();
      }
    } finally {
      notifier.close(Duration.ofSeconds(10));
    }
  }

  @Test
  void aNotifierWaitsForTheRegistryAtStartAndForANewSchemaVersionAndLosesNothing(
      KafkaTestEnvironment env) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Set<String> expected = new TreeSet<>();
    // Given hesitations waiting on the topics, and one hesitation written in a schema version the
    // notifier has never seen (sent later, while the registry is down again)
    try (HesitationFeed feed = new HesitationFeed(env)) {
      for (int v = 0; v < VISITORS; v++) {
        publish(feed, "v-" + run + "-" + v, "h-" + run + "-" + v);
        expected.add("h-" + run + "-" + v + "#1");
      }
    }
    String late = "v-" + run + "-late";
    byte[] lateProfile =
        Topics.PROSPECT_PROFILES
            .valueSerde(env.registryConfig())
            .serializer()
            .serialize(Topics.PROSPECT_PROFILES.name(), Fixtures.consenting(late, "UTC"));
    byte[] lateHesitation = inANewSchemaVersion(env, late, "h-" + run + "-late");

    env.stopSchemaRegistry();
    CompletableFuture<EmbeddedServer> starting;
    try {
      // When the notifier starts while the registry is down: start-up blocks in the global
      // strategy table's bootstrap when strategies are stored (their schema is not cached yet), or
      // the stream threads meet the outage first; either way it waits
      starting =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return startNotifier(env, run);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      waiting("the notifier waits for the registry")
          .until(
              () ->
                  GlobalRegistryWait.waitingThreads() > 0
                      || (starting.isDone()
                          && streamsOf(starting.join()).registryUnavailableSince().isPresent()));
      if (starting.isDone()) {
        assertThat(readiness(starting.join()))
            .as("readiness while the registry is down")
            .isEqualTo(503);
      }
    } finally {
      env.startSchemaRegistry();
    }
    EmbeddedServer server = starting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    try (EmbeddedServer notifier = server;
        FollowupVerifier verifier = new FollowupVerifier(env, "h-" + run)) {
      ManagedStreams streams = streamsOf(notifier);
      // Then every waiting hesitation is followed up once the registry answers
      waiting("follow-ups after the registry is back")
          .until(() -> verifier.triggerIds().containsAll(expected));
      waiting("ready again").until(() -> readiness(notifier) == 200);

      // When the registry goes down while it runs, and a schema version it never saw arrives
      env.stopSchemaRegistry();
      try {
        try (KafkaProducer<String, byte[]> raw =
            env.producer(new StringSerializer(), new ByteArraySerializer())) {
          raw.send(new ProducerRecord<>(Topics.PROSPECT_PROFILES.name(), late, lateProfile)).get();
          raw.send(new ProducerRecord<>(Topics.HESITATIONS.name(), late, lateHesitation)).get();
        }
        waiting("the notifier waits for the registry again")
            .until(() -> streams.registryUnavailableSince().isPresent());
        assertThat(readiness(notifier)).as("readiness during the second outage").isEqualTo(503);
      } finally {
        env.startSchemaRegistry();
      }
      expected.add("h-" + run + "-late#1");
      // Then that hesitation is followed up too, and nothing of this run was dead-lettered
      waiting("the new version's hesitation is followed up")
          .until(() -> verifier.triggerIds().containsAll(expected));
      waiting("ready again").until(() -> readiness(notifier) == 200);
      List<String> deadLettered =
          deadLetteredKeys(env).stream()
              .filter(key -> key != null && key.startsWith("v-" + run + "-"))
              .toList();
      double failures =
          notifier
              .getApplicationContext()
              .getBean(MeterRegistry.class)
              .get("leadpipe.streams.thread.failures")
              .tag(ManagedStreams.METRIC_TAG, NotifierRuntime.STREAMS)
              .counter()
              .count();
      String figures =
          String.format(
              "follow-ups %d of %d, valid records dead-lettered %d, duplicates %d, counted thread"
                  + " failures %.0f",
              expected.stream().filter(verifier.triggerIds()::contains).count(),
              expected.size(),
              deadLettered.size(),
              verifier.duplicateTriggers().size(),
              failures);
      System.out.println("[notifier-registry-cold-start] " + figures);
      assertThat(deadLettered).as(figures).isEmpty();
      assertThat(verifier.duplicateTriggers()).as(figures).isEmpty();
      assertThat(failures).as(figures).isZero();
    }
  }

  /**
   * Stream threads that meet the outage die (and are replaced) by design: Awaitility must not take
   * their exceptions for a failure of the test.
   */
  private static ConditionFactory waiting(String what) {
    return await(what).dontCatchUncaughtExceptions().atMost(WAIT);
  }

  private static EmbeddedServer startNotifier(KafkaTestEnvironment env, String run)
      throws Exception {
    return ApplicationContext.run(
        EmbeddedServer.class,
        Map.ofEntries(
            Map.entry("micronaut.server.port", -1),
            Map.entry("kafka.bootstrap.servers", env.bootstrapServers()),
            Map.entry("leadpipe.schema-registry.url", env.schemaRegistryUrl()),
            // As application-test.yml says: started from another thread (the cold start), Micronaut
            // does not deduce the test environment
            Map.entry("leadpipe.mode", "local"),
            Map.entry("leadpipe.notifier.strategies.seed-defaults", false),
            Map.entry("leadpipe.notifier.application-id", "notifier-registry-cold-" + run),
            Map.entry(
                "leadpipe.notifier.state-dir",
                Files.createTempDirectory("notifier-registry-cold").toString()),
            Map.entry("leadpipe.notifier.tick", "200ms"),
            Map.entry("leadpipe.notifier.cooldown", "0s"),
            Map.entry("leadpipe.notifier.quiet-start", "00:00"),
            Map.entry("leadpipe.notifier.quiet-end", "00:00"),
            Map.entry("leadpipe.notifier.sequences.CART_ABANDONED", "REMINDER@1s")));
  }

  private static ManagedStreams streamsOf(EmbeddedServer server) {
    return server
        .getApplicationContext()
        .getBean(ManagedStreams.class, Qualifiers.byName(NotifierRuntime.STREAMS));
  }

  private static int readiness(EmbeddedServer server) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(server.getURL() + "/health/readiness")).build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  /**
   * A hesitation in the Confluent wire format under a newer, compatible version of the hesitation
   * schema (one more optional field), registered now: an id no notifier has fetched yet.
   */
  private static byte[] inANewSchemaVersion(KafkaTestEnvironment env, String visitor, String id)
      throws Exception {
    ObjectNode json =
        (ObjectNode) new ObjectMapper().readTree(Hesitation.getClassSchema().toString());
    ObjectNode note = ((ArrayNode) json.get("fields")).addObject();
    note.put("name", "registryOutageNote");
    note.putArray("type").add("null").add("string");
    note.putNull("default");
    Schema newer = new Schema.Parser().parse(json.toString());
    int schemaId =
        SchemaRegistryClients.fromConfig(env.registryConfig())
            .register(Topics.HESITATIONS.name() + "-value", newer.toString());
    Hesitation hesitation =
        Fixtures.detected(
            visitor, id, HesitationKind.CART_ABANDONED, HesitationReason.QUALITY, Instant.now());
    GenericData.Record record = new GenericData.Record(newer);
    for (Schema.Field field : Hesitation.getClassSchema().getFields()) {
      record.put(field.name(), hesitation.get(field.pos()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(WireFormat.MAGIC_BYTE);
    out.write(ByteBuffer.allocate(WireFormat.ID_SIZE).putInt(schemaId).array());
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    new SpecificDatumWriter<GenericData.Record>(newer, SpecificData.getForClass(Hesitation.class))
        .write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  /** Keys of every dead letter written so far (this run's keys are unique to it). */
  private static List<String> deadLetteredKeys(KafkaTestEnvironment env) {
    return env
        .consumeToEnd(
            Topics.DEAD_LETTERS.name(), new StringDeserializer(), new ByteArrayDeserializer(), WAIT)
        .stream()
        .map(ConsumerRecord::key)
        .toList();
  }

  private static void publish(HesitationFeed feed, String visitor, String hesitationId)
      throws Exception {
    feed.publish(visitor, hesitationId, HesitationKind.CART_ABANDONED, HesitationReason.QUALITY);
  }
}
