package io.leadpipe.devkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.devkit.test.LeadpipeKafkaExtension;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeadpipeKafkaExtension.class)
class BrokerRestartIT {

  private static final int RECORDS = 50;

  @Test
  void recordsSurviveABrokerRestart(KafkaTestEnvironment env) throws Exception {
    String topic = env.createUniqueTopic("restart", 3);
    String bootstrapBefore = env.bootstrapServers();
    try (KafkaProducer<String, String> producer =
        env.producer(new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < RECORDS; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
      }
    }

    env.restartBroker();

    assertThat(env.bootstrapServers()).isEqualTo(bootstrapBefore);
    List<ConsumerRecord<String, String>> records =
        env.consume(topic, RECORDS, new StringDeserializer(), new StringDeserializer());
    assertThat(records)
        .extracting(ConsumerRecord::value)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, RECORDS).mapToObj(i -> "v" + i).toList());
  }
}
