package io.leadpipe.scoring.faults;

import io.leadpipe.schemas.identity.IdentityMerge;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topic;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.scoring.identity.IdentityRules;
import io.leadpipe.scoring.topology.ProspectTopology;
import io.leadpipe.scoring.topology.ScoringConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;

/**
 * The undisturbed run: the production topology with the service's default rules on a
 * TopologyTestDriver, fed the same segment definitions and the same inputs (web, social, identity)
 * in the same order with the same timestamps. The driver processes each record to the end, through
 * every repartition topic (identity graph, referral codes, credits, members), before the next one.
 * Its stores are in memory: the driver commits after every record, and RocksDB stores would be
 * flushed to disk as often, which made the reference the longest part of a fault test.
 */
final class Reference {

  private Reference() {}

  static Outcome of(
      Collection<SegmentDefinition> definitions, Collection<SeededTraffic.Input> inputs) {
    Map<String, Object> registry =
        Map.of("schema.registry.url", "mock://faults-reference-" + UUID.randomUUID());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "faults-reference");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    Path stateDir = tempDir();
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            new ProspectTopology(
                    ScoringConfig.defaults(),
                    IdentityRules.defaults(),
                    registry,
                    BuiltInDslStoreSuppliers.IN_MEMORY)
                .build(),
            props)) {
      TestInputTopic<String, SegmentDefinition> definitionInput =
          driver.createInputTopic(
              Topics.SEGMENT_DEFINITIONS.name(),
              new StringSerializer(),
              Topics.SEGMENT_DEFINITIONS.valueSerde(registry).serializer());
      definitions.forEach(d -> definitionInput.pipeInput(d.getSegmentId(), d));
      Map<String, TestInputTopic<String, SpecificRecord>> topics = new HashMap<>();
      // Every revision is published, so the reference has each one a run may publish: an interval
      // passes before a visitor's next input whenever their last one is not published yet (with
      // visitors interleaved, that is once per round, not once per input).
      Duration publishInterval = ScoringConfig.defaults().publishInterval();
      Set<String> unpublished = new HashSet<>();
      for (SeededTraffic.Input input : inputs) {
        if (!unpublished.add(input.key())) {
          driver.advanceWallClockTime(publishInterval);
          unpublished.clear();
          unpublished.add(input.key());
        }
        topics
            .computeIfAbsent(
                input.topic().name(), name -> inputTopic(driver, input.topic(), registry))
            .pipeInput(input.key(), input.value(), input.at());
      }
      driver.advanceWallClockTime(publishInterval);
      // A member's last change reaches its person in the slot after the member's own.
      driver.advanceWallClockTime(publishInterval);
      Outcome outcome = new Outcome();
      driver
          .createOutputTopic(
              Topics.PROSPECT_PROFILES.name(),
              Topics.PROSPECT_PROFILES.keySerde().deserializer(),
              Topics.PROSPECT_PROFILES.valueSerde(registry).deserializer())
          .readRecordsToList()
          .forEach(r -> outcome.profile(r.key(), (ProspectProfile) r.value()));
      driver
          .createOutputTopic(
              Topics.SEGMENT_CHANGES.name(),
              Topics.SEGMENT_CHANGES.keySerde().deserializer(),
              Topics.SEGMENT_CHANGES.valueSerde(registry).deserializer())
          .readRecordsToList()
          .forEach(r -> outcome.change(r.key(), (SegmentChange) r.value()));
      driver
          .createOutputTopic(
              Topics.IDENTITY_MERGES.name(),
              Topics.IDENTITY_MERGES.keySerde().deserializer(),
              Topics.IDENTITY_MERGES.valueSerde(registry).deserializer())
          .readValuesToList()
          .forEach(m -> outcome.merge((IdentityMerge) m));
      return outcome;
    } finally {
      // The driver empties its state directory when it closes; the directory itself stays.
      BrokerView.deleteQuietly(stateDir);
    }
  }

  @SuppressWarnings("unchecked")
  private static TestInputTopic<String, SpecificRecord> inputTopic(
      TopologyTestDriver driver,
      Topic<? extends SpecificRecord> topic,
      Map<String, Object> registry) {
    return driver.createInputTopic(
        topic.name(),
        new StringSerializer(),
        (Serializer<SpecificRecord>) topic.valueSerde(registry).serializer());
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("faults-reference");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
