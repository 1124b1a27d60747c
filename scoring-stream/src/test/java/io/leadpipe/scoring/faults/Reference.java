package io.leadpipe.scoring.faults;

import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.segment.SegmentChange;
import io.leadpipe.schemas.segment.SegmentDefinition;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEvent;
import io.leadpipe.scoring.topology.ProspectTopology;
import io.leadpipe.scoring.topology.ScoringConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The undisturbed run: the production topology with the service's default rules on a
 * TopologyTestDriver, fed the same segment definitions and the same events in the same order with
 * the same timestamps.
 */
final class Reference {

  private Reference() {}

  static Outcome of(Collection<SegmentDefinition> definitions, Collection<WebEvent> events) {
    Map<String, Object> registry =
        Map.of("schema.registry.url", "mock://faults-reference-" + UUID.randomUUID());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "faults-reference");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir());
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            new ProspectTopology(ScoringConfig.defaults(), registry).build(), props)) {
      TestInputTopic<String, SegmentDefinition> definitionInput =
          driver.createInputTopic(
              Topics.SEGMENT_DEFINITIONS.name(),
              new StringSerializer(),
              Topics.SEGMENT_DEFINITIONS.valueSerde(registry).serializer());
      definitions.forEach(d -> definitionInput.pipeInput(d.getSegmentId(), d));
      TestInputTopic<String, WebEvent> web =
          driver.createInputTopic(
              Topics.WEB_EVENTS.name(),
              new StringSerializer(),
              Topics.WEB_EVENTS.valueSerde(registry).serializer());
      // Every revision is published, so the reference has each one a run may publish: an interval
      // passes before a visitor's next event whenever their last one is not published yet (with
      // visitors interleaved, that is once per round, not once per event).
      Duration publishInterval = ScoringConfig.defaults().publishInterval();
      Set<String> unpublished = new HashSet<>();
      for (WebEvent e : events) {
        String visitor = SeededTraffic.key(e);
        if (!unpublished.add(visitor)) {
          driver.advanceWallClockTime(publishInterval);
          unpublished.clear();
          unpublished.add(visitor);
        }
        web.pipeInput(visitor, e, e.getEventTime());
      }
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
      return outcome;
    }
  }

  private static String tempDir() {
    try {
      return Files.createTempDirectory("faults-reference").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
