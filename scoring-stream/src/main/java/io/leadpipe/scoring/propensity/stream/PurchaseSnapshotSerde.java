package io.leadpipe.scoring.propensity.stream;

import io.leadpipe.scoring.profile.BinaryReader;
import io.leadpipe.scoring.profile.BinaryWriter;
import io.leadpipe.scoring.profile.CompactSerde;
import io.leadpipe.scoring.profile.Wire;
import io.leadpipe.scoring.propensity.PurchaseSnapshot;

/**
 * The snapshot store's value serde: a visitor's open snapshot as one record in the compact format
 * ({@link #FORMAT_VERSION}, then its fields and the record's end). Every published profile reads
 * its visitor's snapshot, so this is on the path of every publish. Snapshots written by earlier
 * versions (Smile) are still read; a purchase that marks one, or its close, rewrites or removes it.
 */
public final class PurchaseSnapshotSerde extends CompactSerde<PurchaseSnapshot> {

  /** The first byte of this format: one of those {@link Wire} keeps for versions. */
  static final byte FORMAT_VERSION = 0x01;

  /** Field ids. Never reuse or renumber an id: a new field takes a new id. */
  private static final int SNAPSHOT_AT = 1;

  private static final int HORIZON_END = 2;
  private static final int FEATURES = 3;
  private static final int PURCHASED = 4;
  private static final int PREDICTED = 5;
  private static final int EXPECTED_ORDER_VALUE = 6;
  private static final int SPEND_AT_SNAPSHOT = 7;
  private static final int REVENUE = 8;

  public PurchaseSnapshotSerde() {
    super(FORMAT_VERSION, "cannot read a purchase snapshot: ", PurchaseSnapshot.class);
  }

  /** Zeros, false, a null prediction and no features are left out: a reader's defaults. */
  @Override
  protected void write(BinaryWriter w, PurchaseSnapshot s) {
    w.longField(SNAPSHOT_AT, s.snapshotAt());
    w.longField(HORIZON_END, s.horizonEnd());
    w.doubles(FEATURES, s.features() == null ? new double[0] : s.features());
    w.longField(PURCHASED, s.purchased() ? 1 : 0);
    w.doubleField(PREDICTED, s.predicted());
    w.doubleField(EXPECTED_ORDER_VALUE, s.expectedOrderValue());
    w.doubleField(SPEND_AT_SNAPSHOT, s.spendAtSnapshot());
    w.doubleField(REVENUE, s.revenue());
  }

  @Override
  protected PurchaseSnapshot read(BinaryReader r) {
    long snapshotAt = 0;
    long horizonEnd = 0;
    double[] features = new double[0];
    boolean purchased = false;
    Double predicted = null;
    double expectedOrderValue = 0;
    double spendAtSnapshot = 0;
    double revenue = 0;
    for (int key = r.key(); key != Wire.END; key = r.key()) {
      switch (Wire.fieldId(key)) {
        case SNAPSHOT_AT -> snapshotAt = r.longField(key);
        case HORIZON_END -> horizonEnd = r.longField(key);
        case FEATURES -> features = r.doubles(key);
        case PURCHASED -> purchased = r.longField(key) != 0;
        case PREDICTED -> predicted = r.doubleField(key);
        case EXPECTED_ORDER_VALUE -> expectedOrderValue = r.doubleField(key);
        case SPEND_AT_SNAPSHOT -> spendAtSnapshot = r.doubleField(key);
        case REVENUE -> revenue = r.doubleField(key);
        default -> r.skip(key);
      }
    }
    return new PurchaseSnapshot(
        snapshotAt,
        horizonEnd,
        features,
        purchased,
        predicted,
        expectedOrderValue,
        spendAtSnapshot,
        revenue);
  }
}
