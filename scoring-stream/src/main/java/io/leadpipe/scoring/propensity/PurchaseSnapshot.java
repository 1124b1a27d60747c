package io.leadpipe.scoring.propensity;

import io.leadpipe.schemas.profile.ProspectProfile;
import java.time.Duration;
import java.time.Instant;

/**
 * A visitor's open snapshot: features frozen at {@code snapshotAt}, a label that only a purchase in
 * (snapshotAt, horizonEnd] can set. Later profiles are looked at only for that purchase; their
 * features never reach the snapshot, so an example carries nothing from after its time.
 *
 * @param snapshotAt the time the features describe (the profile's evaluation time)
 * @param horizonEnd snapshotAt + the horizon
 * @param features {@link PropensityFeatures#of} at snapshotAt
 * @param purchased whether a purchase in the horizon has been seen
 */
public record PurchaseSnapshot(
    long snapshotAt, long horizonEnd, double[] features, boolean purchased) {

  public static PurchaseSnapshot open(ProspectProfile profile, Duration horizon) {
    long at = PropensityFeatures.timeOf(profile).toEpochMilli();
    return new PurchaseSnapshot(at, at + horizon.toMillis(), PropensityFeatures.of(profile), false);
  }

  /**
   * The snapshot after a later profile of the same visitor: marked purchased when the profile's
   * latest purchase falls within the horizon. A purchase after the horizon, or one from before the
   * snapshot arriving late, does not count.
   */
  public PurchaseSnapshot observe(ProspectProfile later) {
    if (purchased) {
      return this;
    }
    Instant last = later.getActivity().getLastPurchaseAt();
    if (last != null && last.toEpochMilli() > snapshotAt && last.toEpochMilli() <= horizonEnd) {
      return new PurchaseSnapshot(snapshotAt, horizonEnd, features, true);
    }
    return this;
  }

  public Example example() {
    return new Example(PropensityFeatures.FEATURE_SET, features, snapshotAt, horizonEnd, purchased);
  }
}
