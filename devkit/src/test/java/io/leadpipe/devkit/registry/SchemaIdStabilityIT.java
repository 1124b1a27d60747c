package io.leadpipe.devkit.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.devkit.test.WebEvents;
import io.leadpipe.registry.serde.SpecificAvroSerde;
import io.leadpipe.schemas.web.WebEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Schema ids live in Kafka ({@code _schemas}): a broker + registry restart must not renumber them.
 */
@ExtendWith(LeadpipeKafkaExtension.class)
class SchemaIdStabilityIT {

  private static final int RECORDS = 5;
  private static final byte MAGIC = 0;

  @Test
  void schemaIdsAndOldRecordsSurviveBrokerAndRegistryRestart(KafkaTestEnvironment env)
      throws Exception {
    String topic = env.createUniqueTopic("ids", 1);
    List<WebEvent> events =
        IntStream.range(0, RECORDS).mapToObj(i -> WebEvents.pageView("v-ids", i)).toList();
    int idBefore;
    try (SpecificAvroSerde<WebEvent> serde = serde(env);
        KafkaProducer<String, byte[]> producer =
            env.producer(new StringSerializer(), new ByteArraySerializer())) {
      idBefore = schemaId(serde.serializer().serialize(topic, events.get(0)));
      for (WebEvent e : events) {
        producer
            .send(new ProducerRecord<>(topic, "v-ids", serde.serializer().serialize(topic, e)))
            .get();
      }
    }

    env.stopBroker();
    env.startBroker();
    env.restartSchemaRegistry();

    try (SpecificAvroSerde<WebEvent> fresh = serde(env)) {
      assertThat(schemaId(fresh.serializer().serialize(topic, events.get(0)))).isEqualTo(idBefore);
      List<ConsumerRecord<String, byte[]>> old =
          env.consume(topic, RECORDS, new StringDeserializer(), new ByteArrayDeserializer());
      assertThat(old)
          .extracting(r -> fresh.deserializer().deserialize(topic, r.value()))
          .containsExactlyElementsOf(events);
    }
    HttpResponse<String> byId =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(env.schemaRegistryUrl() + "/schemas/ids/" + idBefore))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(byId.statusCode()).isEqualTo(200);
    assertThat(byId.body()).contains("WebEvent");
  }

  static SpecificAvroSerde<WebEvent> serde(KafkaTestEnvironment env) {
    SpecificAvroSerde<WebEvent> serde = new SpecificAvroSerde<>();
    serde.configure(env.registryConfig(), false);
    return serde;
  }

  static int schemaId(byte[] framed) {
    assertThat(framed[0]).isEqualTo(MAGIC);
    return ByteBuffer.wrap(framed, 1, Integer.BYTES).getInt();
  }
}
