package io.leadpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MicronautEnvironmentTest {

  @Test
  void everyUnderscoreStandsForADotOrADash() {
    assertThat(MicronautEnvironment.propertyNames("LEADPIPE_SCHEMA_REGISTRY_URL"))
        .hasSize(8)
        .contains(
            "leadpipe.schema-registry.url",
            "leadpipe.schema.registry.url",
            "leadpipe-schema-registry-url");
  }

  @Test
  void setsOnlyThePropertyItSpells() {
    assertThat(
            MicronautEnvironment.sets(
                "LEADPIPE_SCORING_STREAMS_STATE_DIR", "leadpipe.scoring.streams.state-dir"))
        .isTrue();
    assertThat(
            MicronautEnvironment.sets(
                "LEADPIPE_SCORING_STREAMS_STATE_DIR", "leadpipe.scoring.state-dir"))
        .isFalse();
  }

  @Test
  void prometheusNamesMapBackToMeterNames() {
    assertThat(MonitoringChecks.prometheusBase("leadpipe_ingest_dead_letters_failed_total"))
        .isEqualTo(MonitoringChecks.prometheusBase("leadpipe.ingest.dead-letters.failed"));
    assertThat(MonitoringChecks.prometheusBase("leadpipe_ingest_produce_latency_seconds"))
        .isEqualTo("leadpipe_ingest_produce_latency");
  }
}
