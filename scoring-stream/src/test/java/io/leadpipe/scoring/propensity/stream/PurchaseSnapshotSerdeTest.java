package io.leadpipe.scoring.propensity.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipe.scoring.propensity.PropensityFeatures;
import io.leadpipe.scoring.propensity.PurchaseSnapshot;
import io.leadpipe.scoring.testing.CompactSerdeContract;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PurchaseSnapshotSerdeTest extends CompactSerdeContract<PurchaseSnapshot> {

  private static final long SNAPSHOT_AT = 1_793_613_600_000L;
  private static final long WEEK_MILLIS = 7L * 24 * 60 * 60 * 1000;

  /** An open snapshot as a publish stores it: every feature a different fraction. */
  private static final PurchaseSnapshot OPEN =
      new PurchaseSnapshot(
          SNAPSHOT_AT,
          SNAPSHOT_AT + WEEK_MILLIS,
          IntStream.range(0, PropensityFeatures.NAMES.size())
              .mapToDouble(i -> Math.exp(-i / 3.0))
              .toArray(),
          false,
          0.23,
          61.5,
          120,
          0);

  PurchaseSnapshotSerdeTest() {
    super(
        new PurchaseSnapshotSerde(),
        OPEN,
        PurchaseSnapshot.class,
        PurchaseSnapshotSerde.FORMAT_VERSION,
        "purchase snapshot");
  }

  /** Field by field, doubles by their exact bits (NaN equals NaN, -0.0 is not 0.0). */
  @Override
  protected void assertSameValue(PurchaseSnapshot actual, PurchaseSnapshot expected) {
    assertThat(actual)
        .usingRecursiveComparison()
        .withEqualsForType(Double::equals, Double.class)
        .isEqualTo(expected);
  }

  @Test
  void snapshotsSurviveTheCompactFormatExactly() {
    // Marked by a purchase; opened before predictions were kept; zeros, -0.0 and NaN features
    for (PurchaseSnapshot snapshot :
        List.of(
            OPEN,
            new PurchaseSnapshot(
                SNAPSHOT_AT, SNAPSHOT_AT + WEEK_MILLIS, OPEN.features(), true, 0.9, 0, 80, 45.25),
            new PurchaseSnapshot(
                0, WEEK_MILLIS, new double[] {0, -0.0, Double.NaN, 1}, false, null, 0, 0, 0))) {
      assertSameValue(roundTrip(snapshot), snapshot);
    }
  }
}
