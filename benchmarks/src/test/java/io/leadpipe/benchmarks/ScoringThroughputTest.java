package io.leadpipe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.topology.ProspectTopology;
import io.leadpipe.scoring.topology.ScoringConfig;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class ScoringThroughputTest {

  private final Topology scoring =
      new ProspectTopology(
              ScoringConfig.defaults(), Map.of("schema.registry.url", "mock://throughput-test"))
          .build();

  @Test
  void theInputsAreTheCatalogueTopicsTheTopologyReadsNotItsRepartitionTopics() {
    Set<String> inputs = ScoringThroughput.inputTopics(scoring);

    assertThat(inputs)
        .contains(
            "leadpipe.web-events",
            "leadpipe.social-events",
            "leadpipe.identities",
            "leadpipe.hesitations")
        .allMatch(t -> t.startsWith("leadpipe."))
        .noneMatch(t -> t.endsWith("-repartition"));
  }

  @Test
  void theOutputsAreTheCatalogueTopicsItWrites() {
    assertThat(ScoringThroughput.outputTopics(scoring))
        .contains("leadpipe.prospect-profiles", "leadpipe.segment-changes", "leadpipe.dead-letters")
        .allMatch(t -> t.startsWith("leadpipe."));
  }

  @Test
  void theBaselineCountsByVisitorInOneStoreReadingTheSameInputs() {
    Set<String> inputs = ScoringThroughput.inputTopics(scoring);
    Topology baseline = ScoringThroughput.countByVisitor(inputs);

    assertThat(ScoringThroughput.inputTopics(baseline)).isEqualTo(inputs);
    assertThat(baseline.describe().subtopologies())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.nodes())
                    .filteredOn(TopologyDescription.Processor.class::isInstance)
                    .flatExtracting(n -> ((TopologyDescription.Processor) n).stores())
                    .containsExactly(ScoringThroughput.BASELINE_STORE));
  }
}
