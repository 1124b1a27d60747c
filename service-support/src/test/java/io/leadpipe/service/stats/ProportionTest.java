package io.leadpipe.service.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProportionTest {

  private static final double FOUR_DECIMALS = 5e-5;

  /** Newcombe (1998), "Two-sided confidence intervals for the single proportion": 81/263. */
  @Test
  void theWilsonIntervalIsTheTextbookOne() {
    Proportion p = Proportion.wilson(81, 263, Proportion.Z_95);

    assertThat(p.estimate()).isCloseTo(81.0 / 263, within(1e-12));
    assertThat(p.lower()).isCloseTo(0.2553, within(FOUR_DECIMALS));
    assertThat(p.upper()).isCloseTo(0.3662, within(FOUR_DECIMALS));
  }

  @Test
  void itStaysWithinZeroAndOneAtNoneAndAll() {
    assertThat(Proportion.wilson(0, 10, Proportion.Z_95).lower()).isZero();
    assertThat(Proportion.wilson(10, 10, Proportion.Z_95).upper()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void noTrialsIsRefused() {
    assertThatThrownBy(() -> Proportion.wilson(0, 0, Proportion.Z_95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no trials");
  }
}
