package io.leadpipe.scoring.propensity;

/**
 * One outcome to learn from: the features of a snapshot, and whether the visitor bought in
 * (snapshotAt, horizonEnd].
 */
public record Example(
    String featureSet, double[] features, long snapshotAt, long horizonEnd, boolean purchased) {

  public Example {
    features = features.clone();
  }

  @Override
  public double[] features() {
    return features.clone();
  }
}
