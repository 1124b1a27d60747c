package io.leadpipe.devkit.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import io.leadpipe.devkit.test.WebEvents;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A real catalogue record through the broker and the dev registry, checked on the wire. */
@ExtendWith(LeadpipeKafkaExtension.class)
class CatalogueRoundTripIT {

  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

  @Test
  void webEventRoundTripIsConfluentFramed(KafkaTestEnvironment env) throws Exception {
    String topic = Topics.WEB_EVENTS.name();
    assertThat(env.admin().listTopics().names().get()).contains(topic);
    String visitor = "v-roundtrip-" + System.nanoTime();
    WebEvent event = WebEvents.pageView(visitor, 1);
    Serde<WebEvent> serde = Topics.WEB_EVENTS.valueSerde(env.registryConfig());
    try (KafkaProducer<String, WebEvent> producer =
        env.producer(Topics.WEB_EVENTS.keySerde().serializer(), serde.serializer())) {
      producer.send(new ProducerRecord<>(topic, visitor, event)).get();
    }

    // The catalogue topic is shared by every test of the JVM: wait for our own record.
    List<ConsumerRecord<String, byte[]>> read =
        env.consumeUntil(
            topic,
            new StringDeserializer(),
            new ByteArrayDeserializer(),
            rs -> rs.stream().anyMatch(r -> visitor.equals(r.key())),
            KafkaTestEnvironment.DEFAULT_TIMEOUT);
    ConsumerRecord<String, byte[]> mine =
        read.stream().filter(r -> visitor.equals(r.key())).findFirst().orElseThrow();
    byte[] wire = mine.value();

    HttpResponse<String> latest =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            env.schemaRegistryUrl()
                                + "/subjects/"
                                + topic
                                + "-value/versions/latest"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(latest.statusCode()).isEqualTo(200);
    Matcher m = ID.matcher(latest.body());
    assertThat(m.find()).as("id in %s", latest.body()).isTrue();
    int registryId = Integer.parseInt(m.group(1));

    assertThat(wire[0]).isEqualTo((byte) 0);
    assertThat(ByteBuffer.wrap(wire, 1, Integer.BYTES).getInt()).isEqualTo(registryId);
    assertThat(serde.deserializer().deserialize(topic, wire)).isEqualTo(event);
  }
}
