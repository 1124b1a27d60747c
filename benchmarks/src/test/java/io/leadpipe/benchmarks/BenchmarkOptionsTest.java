package io.leadpipe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipe.schemas.topics.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

  @Test
  void withoutOptionsTheDefaultRunMeasuresEveryPhase() {
    BenchmarkOptions o = BenchmarkOptions.parse(new String[0]);

    assertThat(o.events()).isEqualTo(100_000);
    assertThat(o.partitions()).isEqualTo(Topics.VISITOR_PARTITIONS);
    assertThat(o.lowRate()).isEqualTo(500);
    assertThat(o.fixedRate()).isEqualTo(5_000);
    assertThat(o.ladder()).containsExactly(1_000, 1_500, 2_000, 3_000);
    assertThat(o.reevaluationProfiles()).isEqualTo(BenchmarkOptions.DEFAULT_REEVALUATION_PROFILES);
    assertThat(o.timerVisitors()).isPositive();
    // The services' heap, as the docs give it; a later -Xmx of --service-jvm wins.
    assertThat(o.serviceJvmOptions()).containsExactly("-Xms256m", "-Xmx1g");
    assertThat(o.outDir())
        .isEqualTo(java.nio.file.Path.of("target", "benchmarks").toAbsolutePath().normalize());
  }

  @Test
  void aLaterOptionOverridesAnEarlierOneAndServiceJvmOptionsAddUp() {
    BenchmarkOptions o =
        BenchmarkOptions.parse(
            new String[] {
              "--reevaluation-profiles", "0",
              "--ladder", "none",
              "--service-jvm", "-Xmx2g",
              "--reevaluation-profiles", "20000",
              "--service-jvm", "-Dx=y"
            });

    assertThat(o.reevaluationProfiles()).isEqualTo(20_000);
    assertThat(o.ladder()).isEmpty();
    assertThat(o.serviceJvmOptions()).containsExactly("-Xms256m", "-Xmx1g", "-Xmx2g", "-Dx=y");
  }

  @Test
  void thePerVisitorTopicsGetThePartitionsAsked() {
    assertThat(BenchmarkOptions.parse(new String[] {"--partitions", "24"}).partitions())
        .isEqualTo(24);
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--partitions", "0"}))
        .hasMessageContaining("--partitions must be at least 1, got 0");
  }

  @Test
  void aLadderMustRiseAndEveryOptionNeedsItsValue() {
    assertThat(BenchmarkOptions.parse(new String[] {"--ladder", "750, 1000,1250"}).ladder())
        .isEqualTo(List.of(750, 1_000, 1_250));
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--ladder", "1000,1000"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--ladder rates must rise: 1000,1000");
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--seconds"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--seconds needs a value");
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--fast"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown option --fast");
  }
}
