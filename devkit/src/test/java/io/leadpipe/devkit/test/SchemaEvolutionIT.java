package io.leadpipe.devkit.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.leadpipe.registry.serde.GenericAvroSerde;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;

/**
 * Schema evolution through a real registry and broker, on a topic of its own: a compatible change
 * (a new optional field) is accepted and a consumer still built on the old generated class keeps
 * reading, through our serde; an incompatible change (a new required field) is refused by the
 * registry (409) and nothing is registered. Runs against the dev registry, and against Confluent's
 * own Schema Registry in a container where Docker exists.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class SchemaEvolutionIT {

  private static final String TIER = "loyaltyTier";

  @Test
  void theDevRegistryAcceptsACompatibleChangeAndRefusesAnIncompatibleOne(KafkaTestEnvironment env)
      throws Exception {
    System.out.println("[schema-evolution " + env.backend() + "] " + evolve(env));
  }

  @Test
  void confluentsRegistryAcceptsACompatibleChangeAndRefusesAnIncompatibleOne() throws Exception {
    assumeThat(DockerClientFactory.instance().isDockerAvailable())
        .as("Docker is needed for Confluent's registry")
        .isTrue();
    try (TestcontainersKafkaTestEnvironment confluent = new TestcontainersKafkaTestEnvironment()) {
      System.out.println("[schema-evolution confluent] " + evolve(confluent));
    }
  }

  /** Runs the evolution against {@code env}'s registry; returns the figures it saw. */
  private static String evolve(KafkaTestEnvironment env) throws Exception {
    String topic = env.createUniqueTopic("schema-evolution", 1);
    String subject = topic + "-value";
    WebEvent before = WebEvents.pageView("v-evolution-1", 1);
    WebEvent after = WebEvents.pageView("v-evolution-2", 2);

    // Given records of the current schema on the topic (version 1 registered by the producer's
    // serde)
    byte[] old =
        Topics.WEB_EVENTS.valueSerde(env.registryConfig()).serializer().serialize(topic, before);
    // When a producer moves to a schema with a new optional field (registered as version 2:
    // compatible)
    Schema evolved =
        withField(
            WebEvent.getClassSchema(),
            "{\"name\":\"" + TIER + "\",\"type\":[\"null\",\"string\"],\"default\":null}");
    GenericRecord next = asSchema(after, evolved);
    next.put(TIER, "gold");
    GenericAvroSerde evolvedSerde = new GenericAvroSerde();
    evolvedSerde.configure(env.registryConfig(), false);
    byte[] newer = evolvedSerde.serializer().serialize(topic, next);
    try (KafkaProducer<String, byte[]> producer =
        env.producer(new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, "v-evolution-1", old)).get();
      producer.send(new ProducerRecord<>(topic, "v-evolution-2", newer)).get();
    }

    // Then a consumer on the old generated class reads both, the new field ignored
    List<ConsumerRecord<String, WebEvent>> read =
        env.consume(
            topic,
            2,
            new StringDeserializer(),
            Topics.WEB_EVENTS.valueSerde(env.registryConfig()).deserializer(),
            Duration.ofSeconds(60));
    assertThat(read).extracting(ConsumerRecord::value).containsExactly(before, after);

    // And a new required field (no default) is refused by the registry: old records could not be
    // read with it
    Schema broken =
        withField(WebEvent.getClassSchema(), "{\"name\":\"mandatoryTier\",\"type\":\"string\"}");
    HttpResponse<String> refused =
        post(
            env.schemaRegistryUrl() + "/subjects/" + subject + "/versions",
            "{\"schema\":" + quote(broken.toString()) + "}");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(refused.body()).contains("\"error_code\":409");
    HttpResponse<String> versions =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(env.schemaRegistryUrl() + "/subjects/" + subject + "/versions"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(versions.body().replace(" ", "")).isEqualTo("[1,2]");
    return "records read by the old consumer: "
        + read.size()
        + " (1 of schema version 1, 1 with the new optional field)"
        + ", versions after the incompatible attempt: "
        + versions.body()
        + ", incompatible registration answered "
        + refused.statusCode();
  }

  /** The schema with one more field at the end. */
  private static Schema withField(Schema schema, String field) {
    String json = schema.toString();
    int end = json.lastIndexOf("]}");
    return new Schema.Parser().parse(json.substring(0, end) + "," + field + json.substring(end));
  }

  /**
   * The record as the evolved schema sees it (Avro schema resolution fills the new field's
   * default).
   */
  private static GenericRecord asSchema(WebEvent event, Schema evolved) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      var encoder = EncoderFactory.get().binaryEncoder(out, null);
      new SpecificDatumWriter<>(WebEvent.class).write(event, encoder);
      encoder.flush();
      return new GenericDatumReader<GenericRecord>(WebEvent.getClassSchema(), evolved)
          .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse<String> post(String url, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static String quote(String json) {
    return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
