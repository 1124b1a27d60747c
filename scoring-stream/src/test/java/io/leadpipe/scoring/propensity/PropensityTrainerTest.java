package io.leadpipe.scoring.propensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.leadpipe.streams.state.StateSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PropensityTrainerTest {

  private static final int FEATURES = PropensityFeatures.NAMES.size();

  private static PropensitySettings settings(int minExamples) {
    return new PropensitySettings(
        Duration.ofDays(7),
        minExamples,
        PropensitySettings.DEFAULT_MIN_IMPROVEMENT,
        Math.max(2_000, minExamples),
        0.1,
        1e-4,
        3,
        100,
        Duration.ofMinutes(1),
        1_000);
  }

  /** Buyers are those with a cart and high engagement, unlike what the starting point assumes. */
  private static List<Example> examples(int n, long seed) {
    Random random = new Random(seed);
    List<Example> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] x = new double[FEATURES];
      for (int f = 0; f < FEATURES; f++) {
        x[f] = random.nextDouble() < 0.3 ? random.nextDouble() : 0;
      }
      x[4] = random.nextDouble() < 0.2 ? 1 : 0;
      double logOdds = -3 + 2.5 * x[0] + 2.5 * x[4] - 1.5 * x[9];
      boolean bought = random.nextDouble() < LogisticModel.sigmoid(logOdds);
      out.add(new Example(PropensityFeatures.FEATURE_SET, x, i * 1_000L, i * 1_000L + 7, bought));
    }
    return out;
  }

  /** The figures docs/scoring.md reports ("Measured"), with the default settings. */
  @Test
  void a_candidate_replaces_the_serving_version_only_when_it_beats_it_on_the_same_holdout() {
    PropensityTrainer trainer = new PropensityTrainer(PropensitySettings.defaults());
    List<PropensityTrainer.Publication> promotions = new ArrayList<>();
    for (Example e : examples(20_000, 1)) {
      var published = trainer.learn(e);
      if (published != null && published.promoted()) {
        promotions.add(published);
      }
    }

    assertThat(promotions).extracting(p -> p.model().version()).containsExactly(1, 2, 3, 4, 5);
    for (var p : promotions) {
      assertThat(p.promotedWith().examples())
          .isGreaterThanOrEqualTo(PropensitySettings.DEFAULT_MIN_EXAMPLES)
          .isEqualTo(p.promotedOver().examples());
      assertThat(p.promotedWith().brier())
          .isLessThan(p.promotedOver().brier() * (1 - PropensitySettings.DEFAULT_MIN_IMPROVEMENT));
    }
    var first = promotions.get(0);
    assertThat(first.promotedWith().examples()).isEqualTo(500);
    assertThat(first.promotedWith().brier()).isCloseTo(0.1171, within(5e-5));
    assertThat(first.promotedWith().auc()).isCloseTo(0.752, within(5e-4));
    assertThat(first.promotedOver().brier()).isCloseTo(0.1351, within(5e-5));
    assertThat(first.promotedOver().auc()).isCloseTo(0.726, within(5e-4));
    // The known relation: −3 + 2.5·engagement + 2.5·cart − 1.5·recently seen, in the learner that
    // has
    // seen every example (the serving version is the last one promoted, some examples earlier).
    LogisticModel learned = trainer.candidate();
    double[] w = learned.weights();
    assertThat(learned.intercept()).isCloseTo(-3, within(0.1));
    assertThat(w[0]).isCloseTo(2.5, within(0.2));
    assertThat(w[4]).isCloseTo(2.5, within(0.1));
    assertThat(w[9]).isCloseTo(-1.5, within(0.15));
    for (int i : new int[] {1, 2, 3, 5, 6, 7, 8, 10, 11, 12}) {
      assertThat(w[i]).as("noise feature %d", i).isCloseTo(0, within(0.3));
    }
    HoldoutMetrics live = trainer.current().evaluation();
    assertThat(live.examples()).isEqualTo(PropensitySettings.DEFAULT_HOLDOUT_WINDOW);
    assertThat(live.brier()).isCloseTo(0.0976, within(5e-5));
    assertThat(live.auc()).isCloseTo(0.804, within(5e-4));
    assertThat(live.reliability())
        .extracting(b -> Math.round(b.meanPredicted() * 1000) / 1000.0)
        .containsExactly(0.017, 0.032, 0.038, 0.041, 0.043, 0.047, 0.093, 0.209, 0.307, 0.491);
    assertThat(live.reliability())
        .extracting(b -> Math.round(b.observedRate() * 1000) / 1000.0)
        .containsExactly(0.028, 0.048, 0.052, 0.056, 0.058, 0.046, 0.100, 0.210, 0.378, 0.512);
  }

  @Test
  void the_serving_version_is_frozen_between_promotions() {
    PropensityTrainer trainer = new PropensityTrainer(settings(10_000));
    LogisticModel before = trainer.serving();

    examples(3_000, 3).forEach(trainer::learn);

    assertThat(trainer.serving()).isEqualTo(before);
    assertThat(trainer.candidate().weights()).isNotEqualTo(before.weights());
  }

  @Test
  void every_holdout_prediction_is_made_before_its_outcome_is_learned() {
    List<Example> original = examples(400, 4);
    List<Example> flipped = new ArrayList<>(original);
    int k = 250;
    Example e = original.get(k);
    flipped.set(
        k,
        new Example(e.featureSet(), e.features(), e.snapshotAt(), e.horizonEnd(), !e.purchased()));

    PropensityTrainer.State a = run(original);
    PropensityTrainer.State b = run(flipped);

    // Up to and including example k both runs predicted the same: its label had not been used.
    for (int i = 0; i <= k; i++) {
      assertThat(b.candidatePredicted()[i]).isEqualTo(a.candidatePredicted()[i]);
      assertThat(b.servingPredicted()[i]).isEqualTo(a.servingPredicted()[i]);
    }
    // After it, the candidate has learned the other label.
    assertThat(b.candidatePredicted()[k + 1]).isNotEqualTo(a.candidatePredicted()[k + 1]);
  }

  @Test
  void no_promotion_before_enough_examples_or_with_one_outcome_only() {
    PropensityTrainer few = new PropensityTrainer(settings(500));
    examples(499, 5).forEach(few::learn);
    assertThat(few.serving().version()).isZero();

    PropensityTrainer noBuyers = new PropensityTrainer(settings(50));
    for (Example e : examples(1_000, 6)) {
      noBuyers.learn(
          new Example(e.featureSet(), e.features(), e.snapshotAt(), e.horizonEnd(), false));
    }
    assertThat(noBuyers.serving().version()).isZero();
  }

  @Test
  void the_state_survives_the_store_serde_and_resumes_identically() {
    var serde = StateSerde.of(PropensityTrainer.State.class);
    List<Example> all = examples(1_200, 8);
    PropensityTrainer straight = new PropensityTrainer(settings(200));
    PropensityTrainer restored = new PropensityTrainer(settings(200));
    List<Boolean> straightPromoted = new ArrayList<>();
    List<Boolean> restoredPromoted = new ArrayList<>();
    for (Example e : all) {
      var s = straight.learn(e);
      straightPromoted.add(s != null && s.promoted());
      byte[] bytes = serde.serializer().serialize("t", restored.state());
      restored = new PropensityTrainer(settings(200), serde.deserializer().deserialize("t", bytes));
      var r = restored.learn(e);
      restoredPromoted.add(r != null && r.promoted());
    }
    assertThat(restoredPromoted).isEqualTo(straightPromoted);
    assertThat(restored.serving()).isEqualTo(straight.serving());
    assertThat(restored.candidate()).isEqualTo(straight.candidate());
  }

  @Test
  void an_example_of_another_feature_list_is_refused() {
    PropensityTrainer trainer = new PropensityTrainer(settings(500));
    assertThatThrownBy(
            () -> trainer.learn(new Example("profile-v0", new double[FEATURES], 0, 1, true)))
        .hasMessageContaining("feature set profile-v0");
    assertThatThrownBy(
            () ->
                trainer.learn(
                    new Example(PropensityFeatures.FEATURE_SET, new double[2], 0, 1, true)))
        .hasMessageContaining("feature values");
  }

  private static PropensityTrainer.State run(List<Example> examples) {
    PropensityTrainer trainer = new PropensityTrainer(settings(100_000));
    examples.forEach(trainer::learn);
    return trainer.state();
  }
}
