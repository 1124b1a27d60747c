package io.leadpipe.streams.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.registry.serde.SchemaRegistryUnavailableException;
import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.DeserializationHandlerResponse;
import org.junit.jupiter.api.Test;

class DeadLetteringDeserializationHandlerTest {

  private static final Map<String, Object> STREAMS_CONFIG =
      Map.of(
          StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
          "127.0.0.1:9",
          StreamsConfig.APPLICATION_ID_CONFIG,
          "notifier-test",
          "schema.registry.url",
          "mock://dead-letter-handler",
          DeadLetteringDeserializationHandler.APPLICATION_CONFIG,
          "notifier-service");
  private final ConsumerRecord<byte[], byte[]> bad =
      new ConsumerRecord<>(
          "leadpipe.hesitations",
          2,
          41,
          "v-1".getBytes(StandardCharsets.UTF_8),
          new byte[] {1, 2, 3});

  @Test
  void anUnreadableRecordIsDeadLetteredWithWhereAndWhyThenSkipped() {
    MockProducer<String, DeadLetter> producer = producer();
    DeadLetteringDeserializationHandler handler =
        new DeadLetteringDeserializationHandler(config -> producer);
    handler.configure(STREAMS_CONFIG);

    var response =
        handler.handle(
            (org.apache.kafka.streams.errors.ErrorHandlerContext) null,
            bad,
            new SerializationException("Unknown magic byte!"));

    assertThat(response).isEqualTo(DeserializationHandlerResponse.CONTINUE);
    assertThat(producer.history())
        .singleElement()
        .satisfies(
            sent -> {
              assertThat(sent.topic()).isEqualTo("leadpipe.dead-letters");
              assertThat(sent.key()).isEqualTo("v-1");
              DeadLetter dl = sent.value();
              assertThat(dl.getApplication()).isEqualTo("notifier-service");
              assertThat(dl.getTopic()).isEqualTo("leadpipe.hesitations");
              assertThat(dl.getPartition()).isEqualTo(2);
              assertThat(dl.getOffset()).isEqualTo(41L);
              assertThat(dl.getReason()).isEqualTo(DeadLetters.UNDECODABLE);
              assertThat(dl.getErrorClass()).isEqualTo(SerializationException.class.getName());
              assertThat(dl.getErrorMessage()).isEqualTo("Unknown magic byte!");
              assertThat(dl.getOriginalValue()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
              assertThat(dl.getDetails()).containsEntry("stage", "deserialize");
            });
  }

  @Test
  void aRecordIsNeitherDeadLetteredNorSkippedWhileTheRegistryCannotAnswer() {
    MockProducer<String, DeadLetter> producer = producer();
    DeadLetteringDeserializationHandler handler =
        new DeadLetteringDeserializationHandler(config -> producer);
    handler.configure(STREAMS_CONFIG);

    var response =
        handler.handle(
            (org.apache.kafka.streams.errors.ErrorHandlerContext) null,
            bad,
            new SchemaRegistryUnavailableException("registry down", null));

    assertThat(response).isEqualTo(DeserializationHandlerResponse.FAIL);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void aDeadLetterWhoseSchemaTheRegistryCannotTakeNowWaitsForTheRegistry() {
    MockProducer<String, DeadLetter> producer = producer();
    DeadLetteringDeserializationHandler handler =
        new DeadLetteringDeserializationHandler(
            config -> {
              producer.sendException =
                  new SchemaRegistryUnavailableException("registry down", null);
              return producer;
            });
    handler.configure(STREAMS_CONFIG);

    assertThatThrownBy(
            () ->
                handler.handle(
                    (org.apache.kafka.streams.errors.ErrorHandlerContext) null,
                    bad,
                    new SerializationException("bad")))
        .satisfies(e -> assertThat(SchemaRegistryUnavailableException.isCauseOf(e)).isTrue());
  }

  @Test
  void aRecordIsNotSkippedWhenItsDeadLetterCannotBeStored() {
    MockProducer<String, DeadLetter> producer = producer();
    DeadLetteringDeserializationHandler handler =
        new DeadLetteringDeserializationHandler(
            config -> {
              producer.sendException =
                  new org.apache.kafka.common.errors.TimeoutException("broker gone");
              return producer;
            });
    handler.configure(STREAMS_CONFIG);

    assertThat(
            handler.handle(
                (org.apache.kafka.streams.errors.ErrorHandlerContext) null,
                bad,
                new SerializationException("bad")))
        .isEqualTo(DeserializationHandlerResponse.FAIL);
  }

  @Test
  void withoutTheApplicationsNameItDoesNotStart() {
    Map<String, Object> unnamed = new java.util.HashMap<>(STREAMS_CONFIG);
    unnamed.remove(DeadLetteringDeserializationHandler.APPLICATION_CONFIG);
    assertThatThrownBy(() -> new DeadLetteringDeserializationHandler().configure(unnamed))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining(DeadLetteringDeserializationHandler.APPLICATION_CONFIG);
  }

  /** Serializes like the real one, so a record that cannot be written fails here too. */
  private static MockProducer<String, DeadLetter> producer() {
    return new MockProducer<>(
        true,
        null,
        new StringSerializer(),
        Topics.DEAD_LETTERS.valueSerde(STREAMS_CONFIG).serializer());
  }

  @Test
  void theRealProducerCanBeBuiltFromTheStreamsConfiguration() {
    try (var producer =
        new KafkaProducer<>(
            DeadLetteringDeserializationHandler.producerSettings(STREAMS_CONFIG),
            new StringSerializer(),
            new StringSerializer())) {
      assertThat(producer.metrics()).isNotEmpty();
    }
  }
}
