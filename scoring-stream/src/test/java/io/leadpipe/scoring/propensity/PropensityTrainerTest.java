package io.leadpipe.scoring.propensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void a_candidate_replaces_the_serving_version_only_when_it_beats_it_on_the_same_holdout() {
    PropensityTrainer trainer = new PropensityTrainer(settings(500));
    List<PropensityTrainer.Publication> promotions = new ArrayList<>();
    for (Example e : examples(20_000, 1)) {
      var published = trainer.learn(e);
      if (published != null && published.promoted()) {
        promotions.add(published);
      }
    }

    assertThat(promotions).isNotEmpty();
    for (var p : promotions) {
      assertThat(p.promotedWith().examples()).isGreaterThanOrEqualTo(500);
      assertThat(p.promotedWith().examples()).isEqualTo(p.promotedOver().examples());
      assertThat(p.promotedWith().brier()).isLessThan(p.promotedOver().brier());
    }
    assertThat(promotions)
        .extracting(p -> p.model().version())
        .isEqualTo(java.util.stream.IntStream.rangeClosed(1, promotions.size()).boxed().toList());
    // The learned version ranks buyers far better than chance on examples it never trained on.
    var fresh = examples(5_000, 2);
    double[] p = fresh.stream().mapToDouble(e -> trainer.serving().predict(e.features())).toArray();
    boolean[] y = new boolean[fresh.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = fresh.get(i).purchased();
    }
    assertThat(HoldoutMetrics.of(p, y).auc()).isGreaterThan(0.75);
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
      restored = new PropensityTrainer(settings(500), serde.deserializer().deserialize("t", bytes));
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
