package io.leadpipe.scoring.propensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OnlineLogisticRegressionTest {

  private static final int FEATURES = PropensityFeatures.NAMES.size();

  /** The known relation: log-odds = -2 + 3·x₀ − 2·x₁ + 1.5·x₄, every other feature irrelevant. */
  private static final double TRUE_INTERCEPT = -2;

  private static double trueLogOdds(double[] x) {
    return TRUE_INTERCEPT + 3 * x[0] - 2 * x[1] + 1.5 * x[4];
  }

  private static double[] randomFeatures(Random random) {
    double[] x = new double[FEATURES];
    for (int i = 0; i < FEATURES; i++) {
      x[i] = random.nextDouble();
    }
    x[4] = random.nextBoolean() ? 1 : 0;
    return x;
  }

  @Test
  void learning_converges_to_a_known_relation() {
    Random random = new Random(19);
    // From all-zero weights, no prior help; the default step and penalty.
    var learner =
        new OnlineLogisticRegression(
            new LogisticModel(0, 0, new double[FEATURES]),
            PropensitySettings.DEFAULT_LEARNING_RATE,
            PropensitySettings.DEFAULT_L2);
    for (int i = 0; i < 200_000; i++) {
      double[] x = randomFeatures(random);
      learner.train(x, random.nextDouble() < LogisticModel.sigmoid(trueLogOdds(x)));
    }

    LogisticModel learned = learner.snapshot(1);
    assertThat(learned.intercept()).isCloseTo(TRUE_INTERCEPT, within(0.25));
    double[] w = learned.weights();
    assertThat(w[0]).isCloseTo(3, within(0.25));
    assertThat(w[1]).isCloseTo(-2, within(0.25));
    assertThat(w[4]).isCloseTo(1.5, within(0.25));
    for (int i : new int[] {2, 3, 5, 6, 7, 8, 9, 10, 11, 12}) {
      assertThat(w[i]).as("irrelevant feature %d", i).isCloseTo(0, within(0.2));
    }
    // On fresh data its probabilities are as good as the true ones' (Brier within 1 %).
    double[] learnedP = new double[20_000];
    double[] trueP = new double[20_000];
    boolean[] y = new boolean[20_000];
    for (int i = 0; i < y.length; i++) {
      double[] x = randomFeatures(random);
      trueP[i] = LogisticModel.sigmoid(trueLogOdds(x));
      learnedP[i] = learned.predict(x);
      y[i] = random.nextDouble() < trueP[i];
    }
    double best = HoldoutMetrics.of(trueP, y).brier();
    assertThat(HoldoutMetrics.of(learnedP, y).brier()).isLessThan(best * 1.01);
  }

  @Test
  void one_step_follows_the_adagrad_update() {
    double[] x = new double[FEATURES];
    x[0] = 1;
    var learner =
        new OnlineLogisticRegression(new LogisticModel(0, 0, new double[FEATURES]), 0.5, 0);

    learner.train(x, true);

    // p = 0.5, error −0.5: G = 0.25, step = 0.5·(−0.5)/0.5 = −0.5 for intercept and w₀.
    LogisticModel m = learner.snapshot(1);
    assertThat(m.intercept()).isCloseTo(0.5, within(1e-7));
    assertThat(m.weights()[0]).isCloseTo(0.5, within(1e-7));
    assertThat(m.weights()[1]).isZero();
  }

  @Test
  void a_feature_no_example_shows_keeps_its_starting_weight() {
    double[] start = new double[FEATURES];
    start[1] = 1.0;
    var learner = new OnlineLogisticRegression(new LogisticModel(0, 0, start), 0.5, 1e-4);
    double[] x = new double[FEATURES];
    x[0] = 1;
    for (int i = 0; i < 1_000; i++) {
      learner.train(x, i % 3 == 0);
    }

    // Scaled by AdaGrad, the penalty's gradient alone took steps of η and left 10⁻¹⁰⁰ of it.
    assertThat(learner.snapshot(1).weights()[1]).isEqualTo(1.0);
    assertThat(learner.snapshot(1).weights()[0]).isNotZero();
  }

  @Test
  void a_resumed_learner_continues_exactly_where_it_stopped() {
    Random random = new Random(7);
    var straight = new OnlineLogisticRegression(StartingPoint.model(), 0.1, 1e-4);
    var resumed = new OnlineLogisticRegression(StartingPoint.model(), 0.1, 1e-4);
    for (int i = 0; i < 1_000; i++) {
      double[] x = randomFeatures(random);
      boolean y = random.nextBoolean();
      straight.train(x, y);
      resumed = OnlineLogisticRegression.resume(resumed.state(), 0.1, 1e-4);
      resumed.train(x, y);
    }
    assertThat(resumed.snapshot(3)).isEqualTo(straight.snapshot(3));
  }

  @Test
  void settings_out_of_range_are_refused() {
    LogisticModel start = StartingPoint.model();
    assertThatThrownBy(() -> new OnlineLogisticRegression(start, 0, 0))
        .hasMessageContaining("learning-rate");
    assertThatThrownBy(() -> new OnlineLogisticRegression(start, 0.1, -1))
        .hasMessageContaining("l2");
  }
}
