package io.leadpipe.notifier.testing;

import io.leadpipe.devkit.test.StateDirectories;
import io.leadpipe.notifier.topology.ValueSerdes;
import io.leadpipe.schemas.topics.Topic;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** What the notifier's TopologyTestDriver tests set up alike: the settings and typed topics. */
public final class TopologyDrivers {
  private TopologyDrivers() {}

  /**
   * Exactly-once, as the notifier runs; the broker is never contacted; a state directory of its own
   * ({@link StateDirectories}).
   */
  public static Properties exactlyOnce(String applicationId) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.STATE_DIR_CONFIG, StateDirectories.fresh("notifier-topology-test"));
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    return props;
  }

  public static <V extends SpecificRecord> TestInputTopic<String, V> input(
      TopologyTestDriver driver, ValueSerdes serdes, Topic<V> topic) {
    return driver.createInputTopic(
        topic.name(), topic.keySerde().serializer(), serdes.forTopic(topic).serializer());
  }

  public static <V extends SpecificRecord> TestOutputTopic<String, V> output(
      TopologyTestDriver driver, ValueSerdes serdes, Topic<V> topic) {
    return driver.createOutputTopic(
        topic.name(), topic.keySerde().deserializer(), serdes.forTopic(topic).deserializer());
  }
}
