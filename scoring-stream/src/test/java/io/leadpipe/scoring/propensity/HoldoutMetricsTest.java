package io.leadpipe.scoring.propensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HoldoutMetricsTest {

  @Test
  void brier_and_auc_match_values_worked_by_hand() {
    // The classic four-point ROC example: of the 4 buyer/non-buyer pairs, 3 are ranked right.
    HoldoutMetrics m =
        HoldoutMetrics.of(
            new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true});

    assertThat(m.examples()).isEqualTo(4);
    assertThat(m.positives()).isEqualTo(2);
    // (0.1² + 0.4² + 0.65² + 0.2²) / 4
    assertThat(m.brier()).isCloseTo(0.158125, within(1e-12));
    assertThat(m.auc()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void tied_predictions_count_half_and_a_constant_prediction_is_chance() {
    HoldoutMetrics m =
        HoldoutMetrics.of(new double[] {0.3, 0.3, 0.3}, new boolean[] {true, false, false});

    assertThat(m.auc()).isCloseTo(0.5, within(1e-12));
    assertThat(m.brier()).isCloseTo((0.49 + 0.09 + 0.09) / 3, within(1e-12));
  }

  @Test
  void auc_is_one_for_a_perfect_ranking_and_absent_without_both_outcomes() {
    assertThat(
            HoldoutMetrics.of(new double[] {0.2, 0.9, 0.1}, new boolean[] {false, true, false})
                .auc())
        .isEqualTo(1.0);
    assertThat(HoldoutMetrics.of(new double[] {0.2, 0.9}, new boolean[] {false, false}).auc())
        .isNull();
    assertThat(HoldoutMetrics.of(new double[0], new boolean[0]).brier()).isNull();
  }

  @Test
  void reliability_splits_the_sorted_predictions_into_ten_equal_groups() {
    double[] p = new double[20];
    boolean[] y = new boolean[20];
    for (int i = 0; i < 20; i++) {
      p[19 - i] = i / 20.0; // given in reverse order: the bins follow the prediction, not input
      y[19 - i] = i >= 18; // only the two highest predictions bought
    }

    HoldoutMetrics m = HoldoutMetrics.of(p, y);

    assertThat(m.reliability()).hasSize(10);
    HoldoutMetrics.Bin lowest = m.reliability().get(0);
    assertThat(lowest.decile()).isEqualTo(1);
    assertThat(lowest.examples()).isEqualTo(2);
    assertThat(lowest.meanPredicted()).isCloseTo((0 + 0.05) / 2, within(1e-12));
    assertThat(lowest.observedRate()).isZero();
    HoldoutMetrics.Bin highest = m.reliability().get(9);
    assertThat(highest.meanPredicted()).isCloseTo((0.9 + 0.95) / 2, within(1e-12));
    assertThat(highest.observedRate()).isEqualTo(1.0);
  }

  @Test
  void fewer_examples_than_deciles_make_one_bin_each() {
    HoldoutMetrics m =
        HoldoutMetrics.of(new double[] {0.5, 0.1, 0.7}, new boolean[] {true, false, true});

    assertThat(m.reliability())
        .extracting(HoldoutMetrics.Bin::meanPredicted)
        .containsExactly(0.1, 0.5, 0.7);
  }
}
