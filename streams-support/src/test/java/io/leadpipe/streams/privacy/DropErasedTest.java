package io.leadpipe.streams.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.devkit.test.StateDirectories;
import io.leadpipe.schemas.privacy.Hashes;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DropErasedTest {

  private static final String STORE = "suppression";

  private final TopologyTestDriver driver = new TopologyTestDriver(topology(), config());
  private final TestInputTopic<String, String> erasures =
      driver.createInputTopic(
          "erasures", Serdes.String().serializer(), Serdes.String().serializer());
  private final TestInputTopic<String, String> events =
      driver.createInputTopic("events", Serdes.String().serializer(), Serdes.String().serializer());
  private final TestOutputTopic<String, String> passed =
      driver.createOutputTopic(
          "passed", Serdes.String().deserializer(), Serdes.String().deserializer());

  @AfterEach
  void close() {
    driver.close();
  }

  /**
   * Erasures are remembered through ErasedIds; events of an erased id are dropped by DropErased.
   */
  private static Topology topology() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(ErasedIds.store(STORE));
    builder.stream("erasures", Consumed.with(Serdes.String(), Serdes.String()))
        .process(Eraser::new, STORE);
    builder.stream("events", Consumed.with(Serdes.String(), Serdes.String()))
        .process(() -> new DropErased<String>(STORE, "events"), STORE)
        .to("passed", Produced.with(Serdes.String(), Serdes.String()));
    return builder.build();
  }

  private static final class Eraser implements Processor<String, String, Void, Void> {
    private ErasedIds erased;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      erased = ErasedIds.attach(context, STORE, "erasures");
    }

    @Override
    public void process(Record<String, String> record) {
      erased.erase(record.key(), Instant.ofEpochMilli(record.timestamp()));
    }

    @Override
    public void close() {
      erased.close();
    }
  }

  private static Properties config() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "drop-erased-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, StateDirectories.fresh("drop-erased-test"));
    return p;
  }

  @Test
  void eventsOfAnErasedIdAreDroppedAndCountedAndOnlyItsHashIsKept() {
    events.pipeInput("kept", "before");
    erasures.pipeInput("gone", "erase");
    events.pipeInput("gone", "after-1");
    events.pipeInput("gone", "after-2");
    events.pipeInput("kept", "after");

    assertThat(passed.readValuesToList()).containsExactly("before", "after");
    assertThat(suppressed()).isEqualTo(2.0);
    KeyValueStore<String, Long> store = driver.getKeyValueStore(STORE);
    try (var all = store.all()) {
      assertThat(all.next().key).isEqualTo(Hashes.sha256("gone")).isNotEqualTo("gone");
      assertThat(all.hasNext()).isFalse();
    }
  }

  private double suppressed() {
    return driver.metrics().entrySet().stream()
        .filter(
            e ->
                e.getKey().name().equals(ErasedIds.METRIC + "-total")
                    && e.getKey().group().equals("stream-" + ErasedIds.METRIC_SCOPE + "-metrics"))
        .mapToDouble(e -> ((Number) ((Metric) e.getValue()).metricValue()).doubleValue())
        .sum();
  }
}
