package io.leadpipe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlowProbesTest {

  /** 16:00:00 UTC. */
  private static final long T = 1_764_950_400_000L;

  private static SlowProbes.Probe probe(double secondsIn, long toProfileMillis) {
    return new SlowProbes.Probe(T + Math.round(secondsIn * 1000), toProfileMillis);
  }

  @Test
  void oneStallIsOneLongStretchAndScatteredSlowProbesAreShortOnes() {
    List<SlowProbes.Probe> probes = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      probes.add(probe(i * 0.1, 90)); // a minute of probes at 10 per second, all fast
    }
    for (int i = 200; i < 240; i++) {
      probes.add(probe(i * 0.1, 3_000)); // a stall of four seconds
    }
    probes.add(probe(40.5, 1_200));
    probes.add(probe(50.2, 1_001));
    probes.add(probe(51.9, 1_500)); // the next second: joins the one before

    SlowProbes slow = SlowProbes.of(probes, 1_000);

    assertThat(slow.slow()).isEqualTo(40 + 3);
    assertThat(slow.stretches())
        .containsExactly(
            new SlowProbes.Stretch(T / 1000 + 20, T / 1000 + 23, 40, 3_000),
            new SlowProbes.Stretch(T / 1000 + 50, T / 1000 + 51, 2, 1_500),
            new SlowProbes.Stretch(T / 1000 + 40, T / 1000 + 40, 1, 1_200));
    assertThat(slow.longest()).isEqualTo(4);
    assertThat(slow.seconds()).isEqualTo(4 + 2 + 1);
    assertThat(slow.stretches().get(0))
        .hasToString("16:00:20–16:00:24 UTC: 40 probes, slowest 3000 ms");
  }

  @Test
  void noSlowProbeIsNoStretch() {
    SlowProbes slow = SlowProbes.of(List.of(probe(1, 1_000), probe(2, 10)), 1_000);

    assertThat(slow.slow()).isZero();
    assertThat(slow.stretches()).isEmpty();
    assertThat(slow.longest()).isZero();
  }
}
