package io.leadpipe.scoring.propensity;

import io.leadpipe.schemas.profile.ProspectProfile;
import java.time.Duration;
import java.time.Instant;

/**
 * A visitor's open snapshot: features frozen at {@code snapshotAt}, a label that only a purchase in
 * (snapshotAt, horizonEnd] can set. Later profiles are looked at only for that purchase and its
 * revenue; their features never reach the snapshot, so an example carries nothing from after its
 * time. For the forecast's backtest it also keeps what was forecast at snapshotAt (the served
 * prediction and the expected order value) and the spend then, against which the revenue within the
 * horizon is measured.
 *
 * @param snapshotAt the time the features describe (the profile's evaluation time)
 * @param horizonEnd snapshotAt + the horizon
 * @param features {@link PropensityFeatures#of} at snapshotAt
 * @param purchased whether a purchase in the horizon has been seen
 * @param predicted the propensity served at snapshotAt; null for a snapshot opened before it was
 *     kept (left out of the backtest)
 * @param expectedOrderValue the order value expected at snapshotAt (forecast.ExpectedOrderValue)
 * @param spendAtSnapshot the visitor's lifetime spend at snapshotAt
 * @param revenue spend since snapshotAt, as of the latest purchase seen within the horizon
 */
public record PurchaseSnapshot(
    long snapshotAt,
    long horizonEnd,
    double[] features,
    boolean purchased,
    Double predicted,
    double expectedOrderValue,
    double spendAtSnapshot,
    double revenue) {

  /**
   * @param predicted the propensity served for this profile
   * @param expectedOrderValue what its next order is expected to be worth
   */
  public static PurchaseSnapshot open(
      ProspectProfile profile, Duration horizon, double predicted, double expectedOrderValue) {
    long at = PropensityFeatures.timeOf(profile).toEpochMilli();
    return new PurchaseSnapshot(
        at,
        at + horizon.toMillis(),
        PropensityFeatures.of(profile),
        false,
        predicted,
        expectedOrderValue,
        profile.getRfm().getMonetary(),
        0);
  }

  /**
   * The snapshot after a later profile of the same visitor: marked purchased, with the spend since
   * the snapshot as its revenue, when the profile's latest purchase falls within the horizon. A
   * purchase after the horizon, or one from before the snapshot arriving late, does not count.
   */
  public PurchaseSnapshot observe(ProspectProfile later) {
    Instant last = later.getActivity().getLastPurchaseAt();
    if (last == null || last.toEpochMilli() <= snapshotAt || last.toEpochMilli() > horizonEnd) {
      return this;
    }
    double spent = Math.max(0, later.getRfm().getMonetary() - spendAtSnapshot);
    if (purchased && spent == revenue) {
      return this;
    }
    return new PurchaseSnapshot(
        snapshotAt,
        horizonEnd,
        features,
        true,
        predicted,
        expectedOrderValue,
        spendAtSnapshot,
        spent);
  }

  public Example example() {
    return new Example(PropensityFeatures.FEATURE_SET, features, snapshotAt, horizonEnd, purchased);
  }
}
