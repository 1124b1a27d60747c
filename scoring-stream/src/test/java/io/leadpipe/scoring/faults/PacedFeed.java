package io.leadpipe.scoring.faults;

import io.leadpipe.devkit.test.KafkaTestEnvironment;
import io.leadpipe.schemas.topics.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends {@link SeededTraffic} in order, each input to its topic keyed as ingest keys it and with
 * its event time, in batches paced over a duration, so that a fault lands while input is still
 * arriving.
 */
final class PacedFeed {

  /** Inputs flushed together before each pause. */
  private static final int BATCH = 50;

  private PacedFeed() {}

  /** Sends every input, paced over {@code over}. */
  static void send(KafkaTestEnvironment env, List<SeededTraffic.Input> inputs, Duration over) {
    send(env, inputs, over, inputs.size(), new CountDownLatch(0));
  }

  /**
   * Sends the inputs, paced over {@code over}, holding those from index {@code heldBack} on until
   * {@code gate} opens (what was sent before is flushed first).
   */
  @SuppressWarnings("unchecked")
  static void send(
      KafkaTestEnvironment env,
      List<SeededTraffic.Input> inputs,
      Duration over,
      int heldBack,
      CountDownLatch gate) {
    long pauseMillis = over.toMillis() * BATCH / inputs.size();
    Map<String, KafkaProducer<String, SpecificRecord>> producers = new HashMap<>();
    try {
      for (int i = 0; i < inputs.size(); i++) {
        if (i == heldBack) {
          producers.values().forEach(KafkaProducer::flush);
          gate.await();
        }
        SeededTraffic.Input input = inputs.get(i);
        Topic<? extends SpecificRecord> topic = input.topic();
        producers
            .computeIfAbsent(
                topic.name(),
                name ->
                    env.producer(
                        new StringSerializer(),
                        (Serializer<SpecificRecord>)
                            topic.valueSerde(env.registryConfig()).serializer()))
            .send(
                new ProducerRecord<>(
                    topic.name(), null, input.at().toEpochMilli(), input.key(), input.value()));
        if ((i + 1) % BATCH == 0) {
          producers.values().forEach(KafkaProducer::flush);
          Thread.sleep(pauseMillis);
        }
      }
      producers.values().forEach(KafkaProducer::flush);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      producers.values().forEach(KafkaProducer::close);
    }
  }
}
