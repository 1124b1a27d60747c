package io.leadpipe.scoring.testing;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.schemas.common.EventContext;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.schemas.web.WebEventType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Web events as ingest publishes them (keyed by visitor id), for tests on the devkit broker. */
public final class WebEvents {

  private WebEvents() {}

  public static WebEvent event(String visitorId, WebEventType type, Instant at) {
    return WebEvent.newBuilder()
        .setMessageId("m-" + UUID.randomUUID())
        .setAnonymousId(visitorId)
        .setEventTime(at)
        .setReceivedAt(at)
        .setSource("it")
        .setContext(EventContext.newBuilder().build())
        .setType(type)
        .setName(type.name())
        .build();
  }

  /** Sends the events and waits until Kafka acknowledged all of them. */
  public static void send(KafkaTestEnvironment env, List<WebEvent> events) {
    try (KafkaProducer<String, WebEvent> producer =
        env.producer(
            new StringSerializer(),
            Topics.WEB_EVENTS.valueSerde(env.registryConfig()).serializer())) {
      for (WebEvent e : events) {
        producer.send(new ProducerRecord<>(Topics.WEB_EVENTS.name(), e.getAnonymousId(), e));
      }
      producer.flush();
    }
  }
}
