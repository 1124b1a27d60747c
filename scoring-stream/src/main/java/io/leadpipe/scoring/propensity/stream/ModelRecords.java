package io.leadpipe.scoring.propensity.stream;

import io.leadpipe.schemas.common.ScoreFactor;
import io.leadpipe.schemas.profile.Propensity;
import io.leadpipe.schemas.propensity.HoldoutEvaluation;
import io.leadpipe.schemas.propensity.PropensityExample;
import io.leadpipe.schemas.propensity.PropensityModel;
import io.leadpipe.schemas.propensity.ReliabilityBin;
import io.leadpipe.scoring.propensity.Example;
import io.leadpipe.scoring.propensity.HoldoutMetrics;
import io.leadpipe.scoring.propensity.LogisticModel;
import io.leadpipe.scoring.propensity.PropensityFeatures;
import io.leadpipe.scoring.propensity.PropensitySettings;
import io.leadpipe.scoring.propensity.PropensityTrainer;
import io.leadpipe.scoring.propensity.PurchaseSnapshot;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** The propensity package's plain values to and from their Avro contract, in one place. */
public final class ModelRecords {

  private ModelRecords() {}

  /** The key of a version's own record, next to the model name's (the serving version). */
  public static String versionKey(String model, int version) {
    return model + "/v" + version;
  }

  public static PropensityExample toAvro(Example e) {
    return PropensityExample.newBuilder()
        .setModel(PropensitySettings.MODEL)
        .setFeatureSet(e.featureSet())
        .setFeatures(Arrays.stream(e.features()).boxed().toList())
        .setSnapshotAt(Instant.ofEpochMilli(e.snapshotAt()))
        .setHorizonEnd(Instant.ofEpochMilli(e.horizonEnd()))
        .setPurchased(e.purchased())
        .build();
  }

  /** A closed snapshot's example, with what was forecast at its time and the revenue after it. */
  public static PropensityExample toAvro(PurchaseSnapshot s) {
    PropensityExample e = toAvro(s.example());
    // A snapshot opened by an earlier version kept neither the prediction nor the spend then.
    if (s.predicted() != null) {
      e.setPredicted(s.predicted());
      e.setExpectedOrderValue(s.expectedOrderValue());
      e.setRevenue(s.revenue());
    }
    return e;
  }

  public static Example fromAvro(PropensityExample e) {
    return new Example(
        e.getFeatureSet(),
        e.getFeatures().stream().mapToDouble(Double::doubleValue).toArray(),
        e.getSnapshotAt().toEpochMilli(),
        e.getHorizonEnd().toEpochMilli(),
        e.getPurchased());
  }

  public static PropensityModel toAvro(
      PropensityTrainer.Publication p, PropensitySettings settings) {
    LogisticModel m = p.model();
    return PropensityModel.newBuilder()
        .setModel(PropensitySettings.MODEL)
        .setVersion(m.version())
        .setFeatureSet(PropensityFeatures.FEATURE_SET)
        .setFeatureNames(PropensityFeatures.NAMES)
        .setIntercept(m.intercept())
        .setWeights(Arrays.stream(m.weights()).boxed().toList())
        .setHorizonDays(settings.horizonDays())
        .setPromotedAt(Instant.ofEpochMilli(p.promotedAt()))
        .setExamplesTrained(p.examplesTrained())
        .setEvaluation(toAvro(p.evaluation()))
        .setPromotedOver(p.promotedOver() == null ? null : toAvro(p.promotedOver()))
        .setPromotedWith(p.promotedWith() == null ? null : toAvro(p.promotedWith()))
        .build();
  }

  static HoldoutEvaluation toAvro(HoldoutMetrics m) {
    return HoldoutEvaluation.newBuilder()
        .setExamples(m.examples())
        .setPositives(m.positives())
        .setBrier(m.brier())
        .setAuc(m.auc())
        .setReliability(
            m.reliability().stream()
                .map(
                    b ->
                        ReliabilityBin.newBuilder()
                            .setDecile(b.decile())
                            .setExamples(b.examples())
                            .setMeanPredicted(b.meanPredicted())
                            .setObservedRate(b.observedRate())
                            .build())
                .toList())
        .build();
  }

  /**
   * The model a record describes, or null when it follows another feature list than this version's
   * (an instance of an older or newer release): such an instance keeps its own fallback.
   */
  public static LogisticModel fromAvro(PropensityModel m) {
    if (!PropensityFeatures.FEATURE_SET.equals(m.getFeatureSet())
        || !PropensityFeatures.NAMES.equals(m.getFeatureNames())
        || m.getWeights().size() != PropensityFeatures.NAMES.size()) {
      return null;
    }
    return new LogisticModel(
        m.getVersion(),
        m.getIntercept(),
        m.getWeights().stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The profile's propensity: the probability, the version that made it and why. */
  public static Propensity prediction(
      LogisticModel model, double[] features, int horizonDays, int topFactors) {
    List<ScoreFactor> factors =
        model.topContributions(features, topFactors).stream()
            .map(
                c ->
                    ScoreFactor.newBuilder()
                        .setSignal(c.feature())
                        .setPoints(round(c.logOdds()))
                        .setDetail("log-odds")
                        .build())
            .toList();
    return Propensity.newBuilder()
        .setPurchase7d(round(model.predict(features)))
        .setHorizonDays(horizonDays)
        .setModelVersion(model.version())
        .setFactors(factors)
        .build();
  }

  /** Four decimals: enough for a probability, and a profile that did not change stays equal. */
  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
