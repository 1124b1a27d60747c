package io.leadpipe.scoring.propensity.stream;

import static io.leadpipe.scoring.testing.TopologyFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.schemas.profile.ProspectProfile;
import io.leadpipe.schemas.propensity.PropensityExample;
import io.leadpipe.schemas.propensity.PropensityModel;
import io.leadpipe.schemas.topics.Topics;
import io.leadpipe.schemas.web.WebEventType;
import io.leadpipe.scoring.propensity.Example;
import io.leadpipe.scoring.propensity.LogisticModel;
import io.leadpipe.scoring.propensity.PropensityFeatures;
import io.leadpipe.scoring.propensity.PropensitySettings;
import io.leadpipe.scoring.propensity.StartingPoint;
import io.leadpipe.scoring.testing.TopologyFixture;
import io.leadpipe.scoring.topology.ScoringConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The propensity loop through the real topology: profiles scored with the serving model, snapshots
 * labelled by what happened within the horizon only, examples trained, a better version published
 * and used by every later profile.
 */
class PropensityTopologyTest {

  private static final Duration WEEK = Duration.ofDays(7);

  /** Small holdout figures so a promotion happens within a few hundred examples. */
  private static final ScoringConfig CONFIG =
      ScoringConfig.defaults()
          .withPropensity(
              new PropensitySettings(
                  WEEK, 100, 0.01, 1_000, 0.5, 1e-4, 3, 100, Duration.ofMinutes(1), 1_000));

  private final TopologyFixture f = new TopologyFixture(CONFIG);
  private final TestOutputTopic<String, PropensityExample> examplesOut =
      f.driver.createOutputTopic(
          Topics.PROPENSITY_EXAMPLES.name(),
          Topics.PROPENSITY_EXAMPLES.keySerde().deserializer(),
          Topics.PROPENSITY_EXAMPLES.valueSerde(f.registry).deserializer());
  private final TestOutputTopic<String, PropensityModel> modelsOut =
      f.driver.createOutputTopic(
          Topics.PROPENSITY_MODELS.name(),
          Topics.PROPENSITY_MODELS.keySerde().deserializer(),
          Topics.PROPENSITY_MODELS.valueSerde(f.registry).deserializer());

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void each_profile_carries_the_serving_models_prediction_and_its_top_factors() {
    f.send("v1", WebEventType.CART_ADD, T0);

    ProspectProfile p = f.latest("v1");
    double[] x = PropensityFeatures.of(p);
    assertThat(p.getPropensity().getModelVersion()).isZero();
    assertThat(p.getPropensity().getHorizonDays()).isEqualTo(7);
    assertThat(p.getPropensity().getPurchase7d())
        .isCloseTo(StartingPoint.model().predict(x), org.assertj.core.api.Assertions.within(1e-4));
    assertThat(p.getPropensity().getFactors()).hasSize(3);
    assertThat(p.getPropensity().getFactors().get(0).getSignal())
        .isEqualTo(StartingPoint.model().topContributions(x, 1).get(0).feature());
  }

  @Test
  void a_snapshot_becomes_an_example_of_its_own_time_labelled_by_the_horizon_only() {
    f.productView("buyer", "shoes", T0);
    double[] buyerAtSnapshot = PropensityFeatures.of(f.latest("buyer"));
    f.productView("too-late", "shoes", T0);
    double[] tooLateAtSnapshot = PropensityFeatures.of(f.latest("too-late"));

    // Within the horizon: a purchase after two days. The profile changes a lot afterwards.
    f.send("buyer", WebEventType.CART_ADD, T0.plus(Duration.ofDays(2)));
    f.purchase("buyer", 80, T0.plus(Duration.ofDays(2)).plusSeconds(60));
    // Half an hour after the horizon (still within the grace, so it is seen): not the label.
    f.purchase("too-late", 80, T0.plus(WEEK).plus(Duration.ofMinutes(30)));
    assertThat(examplesOut.isEmpty()).isTrue();
    // Stream time passes the horizon plus the grace and a check.
    f.productView("someone-else", "bags", T0.plus(WEEK).plus(Duration.ofHours(2)));

    List<KeyValue<String, PropensityExample>> examples = examplesOut.readKeyValuesToList();
    assertThat(examples).extracting(kv -> kv.key).containsOnly(PropensitySettings.MODEL);
    assertThat(examples)
        .extracting(kv -> ModelRecords.fromAvro(kv.value))
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactly(
            new Example(
                PropensityFeatures.FEATURE_SET,
                buyerAtSnapshot,
                T0.toEpochMilli(),
                T0.plus(WEEK).toEpochMilli(),
                true),
            new Example(
                PropensityFeatures.FEATURE_SET,
                tooLateAtSnapshot,
                T0.toEpochMilli(),
                T0.plus(WEEK).toEpochMilli(),
                false));
  }

  @Test
  void an_erased_or_merged_visitors_open_snapshot_is_dropped() {
    f.productView("anon", "shoes", T0);
    f.alias("anon", "user-1", T0.plusSeconds(5));

    f.productView("someone-else", "bags", T0.plus(WEEK).plus(Duration.ofHours(2)));

    // The merged id's snapshot was dropped with its profile; the person's (canonical id) remains.
    assertThat(examplesOut.readValuesToList()).hasSize(1);
  }

  @Test
  void a_version_that_beats_the_serving_one_is_published_and_scores_every_later_profile() {
    TestInputTopic<String, PropensityExample> examplesIn =
        f.driver.createInputTopic(
            Topics.PROPENSITY_EXAMPLES.name(),
            new StringSerializer(),
            Topics.PROPENSITY_EXAMPLES.valueSerde(f.registry).serializer());
    Random random = new Random(19);
    for (int i = 0; i < 600; i++) {
      double[] x = new double[PropensityFeatures.NAMES.size()];
      x[4] = random.nextBoolean() ? 1 : 0; // cart
      x[0] = random.nextDouble(); // engagement
      boolean bought = random.nextDouble() < (x[4] == 1 ? 0.6 : 0.02);
      Instant at = T0.plusSeconds(i);
      examplesIn.pipeInput(
          PropensitySettings.MODEL,
          ModelRecords.toAvro(
              new Example(
                  PropensityFeatures.FEATURE_SET,
                  x,
                  at.toEpochMilli(),
                  at.plus(WEEK).toEpochMilli(),
                  bought)),
          at.plus(WEEK));
    }

    List<KeyValue<String, PropensityModel>> published = modelsOut.readKeyValuesToList();
    List<PropensityModel> promotions = new ArrayList<>();
    for (var kv : published) {
      if (kv.key.equals(PropensitySettings.MODEL) && kv.value.getPromotedWith() != null) {
        promotions.add(kv.value);
      }
    }
    assertThat(promotions).isNotEmpty();
    PropensityModel first = promotions.get(0);
    assertThat(first.getVersion()).isEqualTo(1);
    assertThat(first.getPromotedWith().getBrier()).isLessThan(first.getPromotedOver().getBrier());
    assertThat(first.getPromotedWith().getExamples()).isGreaterThanOrEqualTo(100);
    assertThat(first.getPromotedWith().getAuc()).isGreaterThan(0.5);
    // Each version also has its own record, next to the serving one.
    assertThat(published)
        .extracting(kv -> kv.key)
        .contains("purchase-7d/v0", "purchase-7d/v1", PropensitySettings.MODEL);

    PropensityModel serving = published.get(published.size() - 1).value;
    f.send("v2", WebEventType.CART_ADD, T0.plus(Duration.ofDays(30)));
    ProspectProfile p = f.latest("v2");
    LogisticModel model = ModelRecords.fromAvro(serving);
    assertThat(p.getPropensity().getModelVersion()).isEqualTo(serving.getVersion());
    assertThat(p.getPropensity().getPurchase7d())
        .isCloseTo(
            model.predict(PropensityFeatures.of(p)), org.assertj.core.api.Assertions.within(1e-4));
  }

  @Test
  void an_example_the_trainer_cannot_learn_is_dead_lettered_with_the_reason() {
    TestInputTopic<String, PropensityExample> examplesIn =
        f.driver.createInputTopic(
            Topics.PROPENSITY_EXAMPLES.name(),
            new StringSerializer(),
            Topics.PROPENSITY_EXAMPLES.valueSerde(f.registry).serializer());
    examplesIn.pipeInput(
        PropensitySettings.MODEL,
        PropensityExample.newBuilder()
            .setModel(PropensitySettings.MODEL)
            .setFeatureSet("profile-v0")
            .setFeatures(Arrays.asList(1.0, 2.0))
            .setSnapshotAt(T0)
            .setHorizonEnd(T0.plus(WEEK))
            .setPurchased(true)
            .build());

    List<DeadLetter> letters = f.deadLetters.readValuesToList();
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).getTopic()).isEqualTo(Topics.PROPENSITY_EXAMPLES.name());
    assertThat(letters.get(0).getErrorMessage()).contains("feature set profile-v0");
    assertThat(modelsOut.isEmpty()).isTrue();
  }

  @Test
  void segment_rules_can_use_the_purchase_propensity() {
    f.define("likely-buyers", "{\"attr\":\"propensity.purchase7d\",\"op\":\"gte\",\"value\":0.08}");
    for (int i = 0; i < 15; i++) {
      f.driver.advanceWallClockTime(CONFIG.reevaluation().interval());
    }
    f.productView("browser", "shoes", T0);
    f.send("ready", WebEventType.CART_ADD, T0);
    f.send("ready", WebEventType.CHECKOUT_STARTED, T0.plusSeconds(30));

    assertThat(f.latest("ready").getPropensity().getPurchase7d()).isGreaterThanOrEqualTo(0.08);
    assertThat(f.latest("ready").getSegments()).contains("likely-buyers");
    assertThat(f.latest("browser").getPropensity().getPurchase7d()).isLessThan(0.08);
    assertThat(f.latest("browser").getSegments()).doesNotContain("likely-buyers");
  }

  @Test
  void the_trainer_is_a_sub_topology_of_its_own_and_the_model_store_comes_last() {
    var description =
        new io.leadpipe.scoring.topology.ProspectTopology(CONFIG, f.registry).build().describe();

    // One task trains (the examples topic has one partition), apart from the visitors' tasks.
    var trainer =
        description.subtopologies().stream()
            .filter(
                s -> s.nodes().stream().anyMatch(n -> n.name().equals("read-propensity-examples")))
            .findFirst()
            .orElseThrow();
    assertThat(trainer.nodes())
        .filteredOn(n -> n instanceof org.apache.kafka.streams.TopologyDescription.Source)
        .extracting(org.apache.kafka.streams.TopologyDescription.Node::name)
        .containsExactly("read-propensity-examples");
    // Added last, so the sub-topologies that existed before keep their numbers (task ids).
    int highest =
        Math.max(
            description.subtopologies().stream().mapToInt(s -> s.id()).max().orElseThrow(),
            description.globalStores().stream().mapToInt(g -> g.id()).max().orElseThrow());
    assertThat(
            description.globalStores().stream()
                .filter(g -> g.source().name().equals("read-propensity-models-source"))
                .findFirst()
                .orElseThrow()
                .id())
        .isEqualTo(highest);
  }
}
